// Sign in with BankID: refresh the QR frame every second and ask the server every two seconds.
// Without JavaScript the page's button does the asking; the QR then shows its first frame.
(function () {
  "use strict";
  var form = document.querySelector("[data-bankid-poll]");
  if (!form) return;
  var qr = document.querySelector("[data-bankid-qr]");
  var message = document.querySelector("[data-bankid-message]");
  var done = false;
  if (qr) {
    setInterval(function () {
      if (!done) qr.src = "/signin/bankid/qr.svg?t=" + Date.now();
    }, 1000);
  }
  function poll() {
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (answer) { return answer.json(); })
      .then(function (body) {
        if (body.message) message.textContent = body.message;
        if (body.state === "pending") {
          setTimeout(poll, 2000);
          return;
        }
        done = true;
        if (qr) qr.hidden = true;
        if (body.state === "complete") window.location.assign(body.next);
      })
      .catch(function () { setTimeout(poll, 4000); });
  }
  setTimeout(poll, 1000);
})();
