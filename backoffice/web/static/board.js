// The status board refreshes itself: every 20 s while the page is visible, a conditional GET
// (If-None-Match); 304 when nothing changed costs three small queries and no rendering.
(function () {
  "use strict";
  var board = document.getElementById("board");
  if (!board || !window.fetch) { return; }
  var etag = board.getAttribute("data-etag");
  var url = board.getAttribute("data-live") + window.location.search;
  function refresh() {
    if (document.visibilityState !== "visible") { return; }
    var headers = { "Accept": "text/html" };
    if (etag) { headers["If-None-Match"] = etag; }
    fetch(url, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (answer) {
        if (answer.status !== 200) { return null; }
        etag = answer.headers.get("ETag");
        return answer.text();
      })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("board");
        if (fresh) {
          fresh.querySelectorAll("img.chart").forEach(function (img) {
            img.src = img.getAttribute("src") + "&t=" + Date.now();
          });
          board.replaceWith(fresh);
          board = fresh;
        }
      })
      .catch(function () { /* offline for a moment: try again next time */ });
  }
  setInterval(refresh, 20000);
  document.addEventListener("visibilitychange", refresh);
}());
