# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    """How every module of the collection reaches the 8x8 Contact Center API."""

    DOCUMENTATION = r"""
options:
  platform:
    description:
      - The Contact Center platform, the prefix of the Configuration Manager address, such as V(na12) or V(eu5).
      - The API is then reached at C(https://vcc-<platform>.8x8.com); V(bc2) is reached at C(https://odcc2.bell.ca).
      - Letters followed by digits; any platform of that shape is accepted, since the vendor adds platforms over time.
      - One of O(platform) and O(api_url) is required; O(api_url) wins when both are set.
      - If neither O(platform) nor O(api_url) is set in the task or in C(module_defaults), both are taken from the
        environment variables E(EIGHTBYEIGHT_CC_PLATFORM) and E(EIGHTBYEIGHT_CC_API_URL). When either is set in the
        task, both variables are ignored, so that the environment can never send a task's credentials to another host.
    type: str
  api_url:
    description:
      - The base URL of the API, such as V(https://vcc-na12.8x8.com), for hosts that O(platform) does not cover,
        a proxy, or a simulator. It must not hold credentials, a query or a fragment.
      - Plain C(http://) is accepted only for this machine (V(localhost), V(127.0.0.1), V(::1)), since the tokens
        would otherwise cross the network in clear text; such requests never go through a proxy.
      - Taken from E(EIGHTBYEIGHT_CC_API_URL) under the rule given for O(platform).
    type: str
  username:
    description:
      - The C(Username) shown in Configuration Manager under Integration > API Token, generally the tenant name.
      - Required. If not set in the task or in C(module_defaults), the environment variable E(EIGHTBYEIGHT_CC_USERNAME)
        is used.
    type: str
  data_token:
    description:
      - The Data Request Token from Configuration Manager under Integration > API Token, used for every read.
      - Required. If not set in the task or in C(module_defaults), the environment variable
        E(EIGHTBYEIGHT_CC_DATA_TOKEN) is used.
    type: str
  validate_certs:
    description:
      - Whether to verify the server's TLS certificate.
      - V(false) is meant for test servers; it is honoured even when E(REQUESTS_CA_BUNDLE) is set.
    type: bool
    default: true
  ca_path:
    description:
      - A file of CA certificates (PEM) to verify the server's certificate with.
      - Without it, the file named by E(REQUESTS_CA_BUNDLE) (or E(CURL_CA_BUNDLE)) is used if set, else the system's
        certificates. A file named but missing fails the task before any request.
    type: path
  timeout:
    description:
      - Seconds to wait for the server to answer one request.
    type: float
    default: 30
  retries:
    description:
      - How many times to send a request again after a passing fault, waiting longer each time (from half a second,
        doubling, with jitter), or as long as the server's C(Retry-After) asks.
      - A read is retried after a refused or dropped connection, a timeout, or HTTP 429, 502, 503 or 504. A malformed
        URL, a host name that does not resolve and a certificate that is not trusted are not retried.
      - A status change is never repeated blindly. It is sent again at once only after HTTP 429 or a failure to
        connect, which apply nothing. After no answer or an HTTP 5xx, the campaign is watched for half the time left
        of the change's O(eightbyeight.contact_center.campaign_status#module:wait_timeout) (all of it after the last
        send allowed). If it shows the change, that is success; if it still shows the status the change was sent
        from, the change is sent again (at most O(retries) times, and never once that time has run out; with V(0)
        the task fails, saying that the change's outcome is unknown).
      - If the platform refuses a change as an invalid transition, because someone else changed the campaign since
        it was read, the module watches the campaign until that time ends and plans once more from what it shows.
        After each change the platform accepts, it plans again from what the campaign shows too. A desired state
        someone else reached meanwhile ends the task with a warning, sending nothing more; a state it can no longer
        be reached from fails the task, naming the campaign's new status.
      - Each retry is reported as a warning (after the first ten, a count of the rest).
      - An HTTP 429 also slows down every other request of the task, which then starts at most at half the rate seen
        before it, and speeds up again within seconds of good answers. No request waits longer than 120 seconds; a
        C(Retry-After) longer than that fails the request at once, and every later request of the task too, unsent.
    type: int
    default: 3
  concurrency:
    description:
      - How many campaigns to work on at once when a task has several, over as many connections.
      - From 1 to 64.
    type: int
    default: 8
notes:
  - "The modules talk to the API from the machine that runs them: use them with C(connection: local) or
    C(delegate_to: localhost), where credentials injected as environment variables (for example by AWX) exist."
  - An option set in the task or in C(module_defaults) always wins over an E(EIGHTBYEIGHT_CC_*) environment variable.
  - Proxies are taken from the usual environment variables (E(HTTPS_PROXY), E(NO_PROXY)), except for requests to this
    machine.
requirements:
  - requests
"""

    #: For modules that change campaigns.
    ACTION_TOKEN = r"""
options:
  action_token:
    description:
      - The Action Request Token from Configuration Manager under Integration > API Token, used to change a
        campaign's status.
      - Needed only when a change must be sent; check mode and runs with nothing to change work without it.
      - If not set in the task or in C(module_defaults), the environment variable E(EIGHTBYEIGHT_CC_ACTION_TOKEN) is used.
    type: str
"""

    #: For modules that only read: the option is accepted so that one C(module_defaults) serves the whole group.
    ACTION_TOKEN_UNUSED = r"""
options:
  action_token:
    description:
      - Not used by this module, which never changes a campaign; accepted so that C(module_defaults) for the group
        C(group/eightbyeight.contact_center.campaign) can hold it for every module.
    type: str
"""
