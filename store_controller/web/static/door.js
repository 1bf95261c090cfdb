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
    const hours = doc.hours;
    const closed = !!(hours && hours.closed);
    $("hours-today").textContent = hours ? t(hours.today) : "";
    $("closed-text").textContent = closed ? t(hours.closed) : "";
    $("closed-text").hidden = !closed;
    // Outside the opening hours nobody is let in: say when it opens instead of offering a login.
    ["idle-text", "login", "phone-hint"].forEach((id) => { $(id).hidden = closed; });
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
