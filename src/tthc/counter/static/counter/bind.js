// The QR code of a tablet's token opens this page as …/gan/#khoa=TOKEN: the fragment never
// reaches the server, so the token is put into the field here, then taken out of the
// address bar (and the history) before anyone submits.
(function () {
  "use strict";
  var match = /^#khoa=([A-Za-z0-9-]{1,128})$/.exec(window.location.hash);
  if (!match) { return; }
  var field = document.getElementById("id_token");
  if (field) { field.value = match[1]; }
  if (window.history && window.history.replaceState) {
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
}());
