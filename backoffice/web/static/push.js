/* The installable app: registers the service worker (/sw.js) on every page, and on the account
   page runs "Larm till den här telefonen": subscribe with the browser's PushManager and post the
   subscription to /account/push; unsubscribe and tell /account/push/remove. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) {
    return;
  }
  var ready = navigator.serviceWorker.register("/sw.js", { scope: "/" });
  var box = document.getElementById("push");
  if (!box) {
    ready.catch(function () {});
    return;
  }
  var state = document.getElementById("push-state");
  var on = document.getElementById("push-on");
  var off = document.getElementById("push-off");

  function say(name) {
    state.textContent = box.getAttribute("data-msg-" + name) || "";
  }

  function show(subscribed) {
    on.hidden = subscribed;
    off.hidden = !subscribed;
    say(subscribed ? "on" : "off");
  }

  function keyBytes(text) {
    var padded = text + "====".slice((text.length + 3) % 4 + 1);
    var raw = atob(padded.replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) {
      bytes[i] = raw.charCodeAt(i);
    }
    return bytes;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": box.getAttribute("data-csrf") },
      body: JSON.stringify(body)
    }).then(function (answer) {
      if (!answer.ok) {
        throw new Error("HTTP " + answer.status);
      }
      return answer.json();
    });
  }

  if (!("PushManager" in window) || !box.getAttribute("data-key")) {
    say("unsupported");
    return;
  }

  ready.then(function (registration) {
    return registration.pushManager.getSubscription().then(function (current) {
      show(current !== null);

      on.addEventListener("click", function () {
        on.disabled = true;
        var asked = window.Notification ? Notification.requestPermission() : Promise.resolve("granted");
        asked.then(function (permission) {
          if (permission !== "granted") {
            say("denied");
            return null;
          }
          return registration.pushManager.subscribe({
            userVisibleOnly: true,
            applicationServerKey: keyBytes(box.getAttribute("data-key"))
          }).then(function (subscription) {
            return post("/account/push", subscription.toJSON()).then(function () {
              show(true);
            });
          });
        }).catch(function () {
          say("failed");
        }).then(function () {
          on.disabled = false;
        });
      });

      off.addEventListener("click", function () {
        off.disabled = true;
        registration.pushManager.getSubscription().then(function (subscription) {
          if (!subscription) {
            return null;
          }
          var endpoint = subscription.endpoint;
          return subscription.unsubscribe().then(function () {
            return post("/account/push/remove", { endpoint: endpoint });
          });
        }).then(function () {
          show(false);
        }).catch(function () {
          say("failed");
        }).then(function () {
          off.disabled = false;
        });
      });
    });
  }).catch(function () {
    say("unsupported");
  });
})();
