// The simulated door: buttons drive the mock pins; the readout follows /sim/door/events.
"use strict";
(() => {
  const lang = document.documentElement.lang === "en" ? "en" : "sv";
  const $ = (id) => document.getElementById(id);
  const words = {
    sv: { on: "Strömsatt: upplåst", off: "Av: låst", open: "Öppen", closed: "Stängd" },
    en: { on: "Energised: unlocked", off: "Off: locked", open: "Open", closed: "Closed" },
  }[lang];
  subscribeLive("/sim/door/events", (doc) => {
    $("relay").dataset.energised = String(doc.energised);
    $("relay").textContent = doc.energised ? words.on : words.off;
    $("contact").dataset.open = String(doc.door_open);
    $("contact").textContent = doc.door_open ? words.open : words.closed;
    $("state").textContent = doc.state_text[lang];
    $("alarm").hidden = !doc.alarm;  // a forced door latches until acknowledged
    $("alarm-text").textContent = doc.alarm ? doc.alarm[lang] : "";
    $("acknowledge").disabled = doc.state === "forced_open";  // close the door first
  });
  ["open", "close", "exit", "acknowledge"].forEach((action) => {
    $(action).addEventListener("click", () => fetch("/sim/door/" + action, { method: "POST" }));
  });
})();
