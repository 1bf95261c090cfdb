// A price file's background preview or apply: ask for its status every second, move the
// <progress> bar, and go on to the result when it is done (or reload to show a failure).
// Without JavaScript the page refreshes itself (<noscript> meta refresh).
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status]");
  if (!box) return;
  var bar = box.querySelector("[data-job-progress]");
  var message = box.querySelector("[data-job-message]");
  function poll() {
    fetch(box.getAttribute("data-job-status"), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (answer) { return answer.json(); })
      .then(function (body) {
        if (body.state === "done" && body.next) {
          window.location.assign(body.next);
          return;
        }
        if (body.state === "queued" || body.state === "running") {
          bar.max = Math.max(body.rows_total, 1);
          bar.value = body.rows_done;
          bar.textContent = body.rows_done + " / " + body.rows_total;
          if (body.state === "running") {
            message.textContent =
              box.getAttribute("data-rows-label") + " " + body.rows_done + " / " + body.rows_total;
          }
          setTimeout(poll, 1000);
          return;
        }
        window.location.reload(); // failed or stopped: the page says why
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  var state = box.getAttribute("data-job-state");
  if (bar && message && (state === "queued" || state === "running")) setTimeout(poll, 500);
})();
