"""Malware scanning of uploaded files with ClamAV's daemon, through `clamav-client`.

Configured by CLAMAV_SOCKET (a Unix socket) or CLAMAV_HOST/CLAMAV_PORT (TCP). Without either,
`scan` says the file was not scanned and the caller stores it after the type and size checks.
With a scanner configured, nothing is stored unless clamd answers "OK": an infected file is
refused with the signature's name, and a scanner that cannot be reached, times out or errors
refuses the upload (503) rather than letting an unscanned file through.
"""

import logging

from clamav_client.clamd import ClamdError, ClamdNetworkSocket, ClamdUnixSocket
from django.conf import settings

from .errors import AssessmentError

log = logging.getLogger(__name__)

INFECTED = "“{name}” looks like malware ({signature}), so it was not accepted. Check the file and try another."
SCANNER_DOWN = "We cannot check uploads for viruses right now, so nothing was saved. Please try again in a few minutes."


def scanner():
    """The configured clamd client, or None when scanning is off."""
    timeout = getattr(settings, "CLAMAV_TIMEOUT", 30)
    if getattr(settings, "CLAMAV_SOCKET", ""):
        return ClamdUnixSocket(path=settings.CLAMAV_SOCKET, timeout=timeout)
    if getattr(settings, "CLAMAV_HOST", ""):
        return ClamdNetworkSocket(host=settings.CLAMAV_HOST, port=int(settings.CLAMAV_PORT), timeout=timeout)
    return None


def is_configured():
    return scanner() is not None


def scan(name, fileobj):
    """True if clamd found the file clean, False if scanning is off; raises AssessmentError otherwise."""
    client = scanner()
    if client is None:
        return False
    fileobj.seek(0)
    try:
        result = client.instream(fileobj)
    except (ClamdError, OSError) as error:
        log.error("ClamAV scan failed for an upload: %s", error)
        raise AssessmentError(SCANNER_DOWN, "scanner_unavailable", status=503) from None
    finally:
        fileobj.seek(0)
    status, signature = next(iter(result.values()), ("ERROR", "no answer"))
    if status == "FOUND":
        log.warning("ClamAV refused an upload: %s", signature)
        raise AssessmentError(INFECTED.format(name=name, signature=signature), "infected", status=422)
    if status != "OK":
        log.error("ClamAV could not scan an upload: %s", signature)
        raise AssessmentError(SCANNER_DOWN, "scanner_unavailable", status=503)
    return True
