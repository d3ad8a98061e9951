/* The page is a client of the JSON API: same origin, session cookie, CSRF header on writes. */
(function (C) {
  "use strict";
  function ApiError(status, body) {
    this.status = status;
    this.code = (body && body.error) || "http_" + status;
    this.message = (body && body.message) || "The request failed (" + status + ").";
    this.details = (body && body.details) || [];
  }
  C.ApiError = ApiError;
  C.SESSION_ENDED = "Your session has ended. Open Intuit QuickBooks again from SETTINGS > INTEGRATION in your studio platform.";

  /* Once: one plain message, the page's actions put away, and a way back to the platform. */
  function sessionEnded() {
    if (C.sessionEnded) return;
    C.sessionEnded = true;
    C.banner(""); C.alert(C.SESSION_ENDED, "session");
    ["connected", "not-connected", "tasks", "preview", "loading"].forEach(function (id) { C.show(id, false); });
    var back = C.$("session-back");
    if (back) C.show(back, history.length > 1);
  }

  C.api = function (method, path, body) {
    var headers = { "Accept": "application/json" };
    if (method !== "GET") headers["X-CSRF-Token"] = C.data.csrf;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(C.data.api_base + path, {
      method: method, headers: headers, credentials: "same-origin", cache: "no-store",
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      return response.text().then(function (text) {
        var parsed = null;
        try { parsed = text ? JSON.parse(text) : null; } catch (ignored) { parsed = null; }
        if (response.status === 401) {
          sessionEnded();
          throw new ApiError(401, { error: "session_ended", message: C.SESSION_ENDED });
        }
        if (!response.ok) throw new ApiError(response.status, parsed);
        return parsed;
      });
    }, function () {
      throw new ApiError(0, { error: "network", message: "The service could not be reached. Check the connection and try again." });
    });
  };
})(window.Classbooks = window.Classbooks || {});
