// A phone that scanned the sticker on the door: a same-device BankID login (autostart link).
"use strict";
(() => {
  const lang = document.documentElement.lang === "en" ? "en" : "sv";
  const $ = (id) => document.getElementById(id);
  const t = (text) => (text ? text[lang] : "");
  const show = (id) => ["start", "running", "result"].forEach((s) => { $(s).hidden = s !== id; });
  let source = null;
  let key = null;

  function draw(doc) {
    if (doc.phase === "starting" || doc.phase === "pending") {
      show("running");
      $("status").textContent = t(doc.message);
      if (doc.autostart_url) $("open-bankid").href = doc.autostart_url;
      if ($("token") && doc.auto_start_token) $("token").textContent = doc.auto_start_token;
    } else {
      show("result");
      $("result").className = "center " + doc.phase;
      $("result-text").textContent = t(doc.message);
      if (source) source.close();
    }
  }

  async function begin() {
    const answer = await fetch("/door/phone/login", { method: "POST" });
    if (!answer.ok) { show("result"); $("result-text").textContent = (await answer.json()).detail; return; }
    const doc = await answer.json();
    key = doc.key;
    draw(doc);
    source = subscribeLive("/door/phone/" + key + "/events", draw);
  }

  $("begin").addEventListener("click", begin);
  $("again").addEventListener("click", begin);
  $("cancel").addEventListener("click", () => {
    if (key) fetch("/door/phone/" + key + "/cancel", { method: "POST" });
    if (source) source.close();
    show("start");
  });
})();
