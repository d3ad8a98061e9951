"""QBO's error bodies, and the typed error the accounting code raises to produce them.

Shapes follow what Intuit returns (see docs/qbo-sandbox.md for sources):
validation/service faults use ``{"Fault": {"Error": [...], "type": ...}, "time": ...}``;
the gateway's 401/403 use the lower-case ``{"fault": {"error": [...]}}`` envelope.
"""
from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from flask import Response

VALIDATION = "ValidationFault"
SYSTEM = "SystemFault"
SERVICE = "SERVICE"


def qbo_time() -> str:
    """Intuit stamps responses with a local ISO time with offset and milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class QBOError(Exception):
    """A fault the API answers with; carries everything needed to render it."""

    def __init__(self, code: str, message: str, detail: str, element: str = "",
                 status: int = 400, fault_type: str = VALIDATION) -> None:
        super().__init__(f"{code} {message}: {detail}")
        self.code, self.message, self.detail = code, message, detail
        self.element, self.status, self.fault_type = element, status, fault_type

    def fault(self) -> dict[str, Any]:
        return {"Error": [{"Message": self.message, "Detail": self.detail,
                           "code": self.code, "element": self.element}],
                "type": self.fault_type}

    def body(self) -> dict[str, Any]:
        return {"Fault": self.fault(), "time": qbo_time()}


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(body), status=status, headers=headers,
                    mimetype="application/json")


# ---- the codes the sandbox uses (one constructor each, so messages stay consistent) ----

def stale_object(user: str = "API") -> QBOError:
    return QBOError("5010", "Stale Object Error",
                    f"Stale Object Error : You and {user} were working on this at the same time. "
                    f"{user} finished before you did, so your work was not saved.")


CLOSED_PERIOD_DETAIL = {
    "5010": "The account period has closed.",  # as recorded from QBO (python-quickbooks#208)
    "6210": "The account period has closed and the account books cannot be updated through the "
            "QBO Services API. Please use the QBO website to make these changes.",  # Intuit docs
}


def period_closed(code: str = "5010") -> QBOError:
    return QBOError(code, "Account Period Closed", CLOSED_PERIOD_DETAIL[code])


def duplicate_name(what: str = "name") -> QBOError:
    return QBOError("6240", "Duplicate Name Exists Error",
                    f"The name supplied already exists. : Another {what} is already using this "
                    "name. Please use a different name.")


def duplicate_doc_number(number: str, txn_type: str, txn_id: str) -> QBOError:
    return QBOError("6140", "Duplicate Document Number Error",
                    "Duplicate Document Number Error : You must specify a different number. This "
                    f"number has already been used. DocNumber={number} is assigned to "
                    f"TxnType={txn_type} with TxnId={txn_id}", element="DocNumber")


def invalid_reference(element: str, ref_id: str) -> QBOError:
    return QBOError("2500", "Invalid Reference Id",
                    f"Invalid Reference Id : {element} (id {ref_id}) : Something you're trying "
                    "to use has been made inactive. Check the fields with accounts, customers, "
                    "items, vendors or employees.", element=element)


def not_found(entity: str, obj_id: str) -> QBOError:
    return QBOError("610", "Object Not Found",
                    f"Object Not Found : Something you're trying to use has been made inactive. "
                    f"Check the fields with accounts, customers, items, vendors or employees. "
                    f"({entity} {obj_id})")


def business_rule(detail: str, element: str = "") -> QBOError:
    return QBOError("6000", "A business validation error has occurred while processing your "
                    "request", f"Business Validation Error: {detail}", element=element)


def string_length(element: str, maximum: int, supplied: int) -> QBOError:
    return QBOError("2050", "String length is either shorter or longer than supported by "
                    "specification", f"String length specified does not match the supported "
                    f"length. Min:0 Max:{maximum} supplied length:{supplied}", element=element)


def required_param(element: str) -> QBOError:
    return QBOError("2020", "Required param missing, need to supply the required value for the "
                    "API", f"Required parameter {element} is missing in the request",
                    element=element)


def invalid_value(element: str, detail: str) -> QBOError:
    return QBOError("2010", "Request has invalid or unsupported property",
                    f"Property Name:{element} {detail}", element=element)


def unsupported_operation(detail: str) -> QBOError:
    return QBOError("500", "Unsupported Operation", f"Operation {detail} is not supported.")


def malformed(detail: str) -> QBOError:
    return QBOError("400", "MalformedRequest", detail)


def query_parse(detail: str) -> QBOError:
    return QBOError("4000", "Error parsing query", f"QueryParserError: {detail}")


def query_invalid(detail: str) -> QBOError:
    return QBOError("4001", "Invalid query", f"QueryValidationError: {detail}")


def system_error(status: int) -> QBOError:
    return QBOError("10000", "An application error has occurred while processing your request",
                    f"System Failure Error: injected HTTP {status}", status=status,
                    fault_type=SYSTEM)


# ---- gateway faults (auth, throttle) ----

def gateway_body(code: str, status: int, name: str, detail: str | None, fault_type: str) -> dict:
    """Intuit's gateway envelope (lower-case keys), seen on 401 and 403."""
    return {"warnings": None, "intuitObject": None,
            "fault": {"error": [{"message": f"message={name}; errorCode=00{code}; "
                                            f"statusCode={status}",
                                 "detail": detail, "code": code, "element": None}],
                      "type": fault_type},
            "report": None, "queryResponse": None, "batchItemResponse": [],
            "attachableResponse": [], "syncErrorResponse": None, "requestId": None,
            "time": int(datetime.now(UTC).timestamp() * 1000), "status": None,
            "cdcresponse": []}


def authentication_failed(detail: str) -> Response:
    return json_response(gateway_body("3200", 401, "AuthenticationFailed", detail,
                                      "AUTHENTICATION"), 401,
                         {"WWW-Authenticate": 'Bearer realm="Intuit", error="invalid_token"'})


def authorization_failed() -> Response:
    return json_response(gateway_body("3100", 403, "AuthorizationFailed", None, SERVICE), 403)


THROTTLE_MESSAGE = "message=ThrottleExceeded; errorCode=003001; statusCode=429"
THROTTLE_DETAIL = "The request limit was reached.  Try again later"


def throttled(fmt: str = "json", why: str = "") -> Response:
    """HTTP 429 with Intuit's ThrottleExceeded fault (code 3001, type SERVICE)."""
    headers = {"Retry-After": "60"}
    if why:
        headers["X-Sandbox-Throttle"] = why
    if fmt == "xml":
        xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               f'<IntuitResponse time="{qbo_time()}" xmlns="http://schema.intuit.com/finance/v3">'
               f'<Fault type="SERVICE"><Error code="3001"><Message>{THROTTLE_MESSAGE}</Message>'
               f'<Detail>{THROTTLE_DETAIL}</Detail></Error></Fault></IntuitResponse>')
        return Response(xml, status=429, headers=headers, mimetype="application/xml")
    body = {"Fault": {"Error": [{"Message": THROTTLE_MESSAGE, "Detail": THROTTLE_DETAIL,
                                 "code": "3001"}], "type": SERVICE}, "time": qbo_time()}
    return json_response(body, 429, headers)
