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
  // Thermometers and the network cable: each answer is the hardware's new state.
  const list = $("thermometers");
  const show = (hw) => {
    list.replaceChildren(...hw.thermometers.map((t) => {
      const item = document.createElement("li");
      const label = document.createElement("span");
      const lim = [t.min_celsius, t.max_celsius].map((c) => (c === null ? "–" : c + " °C")).join(" … ");
      label.textContent = `${t.name}: ${t.celsius.toFixed(1)} °C (${list.dataset.limits} ${lim})`;
      label.dataset.testid = "reading-" + t.name;
      item.append(label);
      ["warm", "cool"].forEach((change) => {
        const button = document.createElement("button");
        button.className = change === "warm" ? "danger" : "secondary";
        button.textContent = list.dataset[change];
        button.setAttribute("aria-label", `${list.dataset[change]}: ${t.name}`);
        button.dataset.testid = `${change}-${t.name}`;
        button.addEventListener("click", () => post(`/sim/door/thermometer/${encodeURIComponent(t.name)}/${change}`));
        item.append(button);
      });
      return item;
    }));
    const cable = $("cable");
    cable.dataset.state = hw.cable || "none";
    cable.textContent = hw.cable ? cable.dataset[hw.cable] : "";
    $("cable-pull").disabled = hw.cable !== "plugged";
    $("cable-plug").disabled = hw.cable !== "pulled";
  };
  const post = (url) => fetch(url, { method: "POST" }).then((r) => (r.ok ? r.json() : null)).then((hw) => hw && show(hw));
  $("cable-pull").addEventListener("click", () => post("/sim/door/cable/pull"));
  $("cable-plug").addEventListener("click", () => post("/sim/door/cable/plug"));
  fetch("/sim/door/hardware").then((r) => r.json()).then(show);
})();
