/* Finishes opening the page when no session cookie arrived with the request.
 * 1. A link may carry the platform's JWT in the fragment (#token=…): browsers never send
 *    fragments, so it is taken out of the address and history here, then posted.
 * 2. The session cookie is SameSite=Strict, so a navigation that started on another site
 *    (the platform, Intuit's redirect) arrives without it; reloading from this page is
 *    same-site, and the cookie comes along. Once only, so a missing session cannot loop. */
(function () {
  "use strict";
  var form = document.getElementById("signin-form");
  var fragment = new URLSearchParams(location.hash.replace(/^#/, ""));
  var token = fragment.get("token");
  var key = "classbooks-reopen:" + location.pathname;
  if (token) {
    history.replaceState(null, "", location.pathname + location.search);
    document.getElementById("signin-token").value = token;
    form.submit();
    return;
  }
  if (!sessionStorage.getItem(key)) {
    sessionStorage.setItem(key, "1");
    location.reload();
    return;
  }
  sessionStorage.removeItem(key);
  /* The reload brought no session either: it has ended. Say that once, plainly, instead of
   * "Opening…", and offer the way back to where the page was opened from. */
  var status = document.getElementById("signin-status"), back = document.getElementById("signin-back");
  if (/^Opening/.test(status.textContent)) {
    status.textContent = "Your session has ended. Open Intuit QuickBooks again from SETTINGS > INTEGRATION " +
      "in your studio platform.";
  }
  if (history.length > 1) {
    back.hidden = false;
    back.addEventListener("click", function () { history.back(); });
  }
})();
