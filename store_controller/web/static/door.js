// The door screen: draws the controller's state (login phase, QR frame, door) from /door/events.
"use strict";
(() => {
  const lang = document.documentElement.lang === "en" ? "en" : "sv";
  const $ = (id) => document.getElementById(id);
  const t = (text) => (text ? text[lang] : "");
  const post = (url) => fetch(url, { method: "POST" });
  const show = (id) => ["idle", "pending", "result"].forEach((s) => { $(s).hidden = s !== id; });

  function draw(doc) {
    $("door-state").dataset.state = doc.door.state;
    $("door-state").textContent = t(doc.door);
    if (doc.phase === "idle") {
      show("idle");
    } else if (doc.phase === "starting" || doc.phase === "pending") {
      show("pending");
      $("status").textContent = t(doc.message);
      if (doc.qr_data !== $("qr").dataset.qr) {
        $("qr").innerHTML = doc.qr_svg || "";
        $("qr").dataset.qr = doc.qr_data || "";
      }
    } else {
      show("result");
      $("result").className = "center " + doc.phase;
      $("result-text").textContent = t(doc.message);
      $("retry").hidden = !doc.retry;
    }
  }

  $("login").addEventListener("click", () => post("/door/login"));
  $("retry").addEventListener("click", () => post("/door/login"));
  $("cancel").addEventListener("click", () => post("/door/cancel"));
  $("done").addEventListener("click", () => post("/door/cancel"));
  subscribeLive("/door/events", draw);
})();
