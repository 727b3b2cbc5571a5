# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

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
      - If not set, the environment variable E(EIGHTBYEIGHT_CC_PLATFORM) is used.
    type: str
  api_url:
    description:
      - The base URL of the API, such as V(https://vcc-na12.8x8.com), for hosts that O(platform) does not cover,
        a proxy, or a simulator.
      - Plain C(http://) is accepted only for this machine (V(localhost), V(127.0.0.1), V(::1)), since the tokens
        would otherwise cross the network in clear text.
      - If not set, the environment variable E(EIGHTBYEIGHT_CC_API_URL) is used.
    type: str
  username:
    description:
      - The C(Username) shown in Configuration Manager under Integration > API Token, generally the tenant name.
      - If not set, the environment variable E(EIGHTBYEIGHT_CC_USERNAME) is used.
    type: str
    required: true
  data_token:
    description:
      - The Data Request Token from Configuration Manager under Integration > API Token, used for every read.
      - If not set, the environment variable E(EIGHTBYEIGHT_CC_DATA_TOKEN) is used.
    type: str
    required: true
  action_token:
    description:
      - The Action Request Token from Configuration Manager under Integration > API Token, used to change a
        campaign's status.
      - Needed only when a change must be sent; check mode and runs with nothing to change work without it.
      - If not set, the environment variable E(EIGHTBYEIGHT_CC_ACTION_TOKEN) is used.
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
      - Without it, the file named by E(REQUESTS_CA_BUNDLE) is used if set, else the system's certificates.
    type: path
  timeout:
    description:
      - Seconds to wait for the server to answer one request.
    type: int
    default: 30
  retries:
    description:
      - How many times to send a request again after a passing fault, waiting longer each time (from half a second,
        doubling, with jitter), or as long as the server's C(Retry-After) asks.
      - A read is retried after a refused or dropped connection, a timeout, or HTTP 429, 502, 503 or 504.
      - A status change is never repeated blindly. After HTTP 429, which changes nothing, it is sent again.
        After any other fault, the campaign is read first. If it already shows the change, that is success; if the
        change is still the next step toward the desired state, it is sent again; otherwise the task fails.
      - If the platform answers that the transition is invalid, because the campaign changed since it was read,
        the module reads it again and plans once more. It succeeds if the desired state is reached or still
        reachable, and fails naming the campaign's new status otherwise.
      - Each retry is reported as a warning.
    type: int
    default: 3
notes:
  - "The modules talk to the API from the machine that runs them: use them with C(connection: local) or
    C(delegate_to: localhost), where credentials injected as environment variables (for example by AWX) exist."
  - Proxies are taken from the usual environment variables (E(HTTPS_PROXY), E(NO_PROXY)).
requirements:
  - requests
"""
