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
          C.alert("Your session has ended. Open this page again from SETTINGS > INTEGRATION.");
        }
        if (!response.ok) throw new ApiError(response.status, parsed);
        return parsed;
      });
    }, function () {
      throw new ApiError(0, { error: "network", message: "The service could not be reached. Check the connection and try again." });
    });
  };
})(window.Classbooks = window.Classbooks || {});
