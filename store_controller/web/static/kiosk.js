// The self-scan kiosk: draws the state the controller pushes over SSE; taps become POSTs.
// Goods are added by the scanner alone; the screen needs no keyboard or mouse for that.
"use strict";

(function () {
  const lang = document.documentElement.lang === "en" ? "en" : "sv";
  const $ = (id) => document.getElementById(id);
  const t = (text) => (text ? text[lang] : "");
  let latest = null;

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body || {}),
    });
  }

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([key, value]) => {
      if (key === "text") node.textContent = value;
      else if (key === "onclick") node.addEventListener("click", value);
      else node.setAttribute(key, value);
    });
    (children || []).forEach((child) => child && node.appendChild(child));
    return node;
  }

  const NAMES = {
    sv: { minus: "Ta bort en", plus: "Lägg till en", remove: "Ta bort raden" },
    en: { minus: "Remove one", plus: "Add one", remove: "Remove the line" },
  }[lang];

  function lineItem(line) {
    const details = [line.weight, line.unit_price].filter(Boolean).join(" · ");
    const name = el("div", { class: "name" }, [
      el("span", { text: line.name }),
      line.age_limit ? el("span", { class: "badge", text: " " + line.age_limit + "+ " }) : null,
      el("small", { text: details + (line.pant ? " · pant " + line.pant : "") }),
    ]);
    const qty = el("div", { class: "qty" }, [
      el("button", { class: "secondary", "aria-label": `${NAMES.minus}: ${line.name}`,
        title: NAMES.minus, text: "−", "data-testid": "minus",
        onclick: () => post(`/kiosk/lines/${line.id}/quantity`, { quantity: line.quantity - 1 }) }),
      el("span", { "data-testid": "quantity", text: String(line.quantity) }),
      el("button", { class: "secondary", "aria-label": `${NAMES.plus}: ${line.name}`,
        title: NAMES.plus, text: "+", "data-testid": "plus",
        onclick: () => post(`/kiosk/lines/${line.id}/quantity`, { quantity: line.quantity + 1 }) }),
      el("button", { class: "danger", "aria-label": `${NAMES.remove}: ${line.name}`,
        title: NAMES.remove, text: "×", "data-testid": "remove",
        onclick: () => post(`/kiosk/lines/${line.id}/remove`) }),
    ]);
    return el("li", { class: line.pending ? "pending" : "", "data-testid": "line" }, [
      name, qty, el("div", { class: "amount", "data-testid": "amount", text: line.amount }),
    ]);
  }

  function showOverlay(title, text, svg, simulated) {
    $("overlay").hidden = false;
    $("overlay-title").textContent = title;
    $("overlay-text").textContent = text || "";
    $("overlay-qr").innerHTML = svg || "";
    $("sim-approve").hidden = !simulated;
    $("sim-decline").hidden = !simulated;
  }

  function render(doc) {
    latest = doc;
    const notice = $("notice");
    notice.hidden = !doc.notice;
    notice.textContent = t(doc.notice);
    notice.className = "notice " + (doc.notice ? doc.notice.level : "");
    $("idle").hidden = doc.phase !== "idle";
    $("shopping").hidden = !(doc.phase === "shopping" || doc.phase === "paying");
    $("paid").hidden = doc.phase !== "paid";
    $("lines").replaceChildren(...doc.lines.map(lineItem));
    $("goods-total").textContent = doc.goods_total;
    $("pant-total").textContent = doc.pant_total || "";
    $("pant-label").hidden = $("pant-total").hidden = !doc.pant_total;  // both, or the grid shifts
    $("total").textContent = doc.total;
    const vatWord = lang === "sv" ? "Moms" : "VAT";
    $("vat").replaceChildren(...doc.vat.map((row) => el("li", { text: `${vatWord} ${row.rate}: ${row.vat}` })));
    document.querySelectorAll("button.pay").forEach((button) => { button.disabled = !doc.payable; });
    $("age-start").hidden = !doc.required_age || !!doc.age_check;
    if (doc.payment) {
      const title = (lang === "sv" ? "Betala " : "Pay ") + doc.payment.amount;
      const text = t(doc.payment.message) ||
        (lang === "sv" ? "Skanna koden med din telefon." : "Scan the code with your phone.");
      showOverlay(title, text, doc.payment.qr_svg, doc.payment.simulated);
    } else if (doc.age_check) {
      showOverlay(lang === "sv" ? "Ålderskontroll" : "Age check", t(doc.age_check), doc.age_check.qr_svg, false);
    } else {
      $("overlay").hidden = true;
    }
    $("last-purchase").hidden = !doc.last_purchase;
    if (doc.last_purchase) {
      $("last-purchase-link").href = doc.last_purchase.url;
      $("last-purchase-total").textContent = doc.last_purchase.total;
    }
    if (doc.phase !== "shopping") $("confirm-clear").hidden = true;  // nothing left to cancel
    if (doc.receipt) {
      $("paid-total").textContent = doc.receipt.total;
      $("member-balance").hidden = !doc.receipt.balance;
      $("member-balance").textContent = t(doc.receipt.balance);
      $("receipt-qr").innerHTML = doc.receipt.qr_svg;
      $("receipt-link").textContent = doc.receipt.number;
      $("receipt-link").href = doc.receipt.url;
    }
  }

  document.querySelectorAll("button.pay").forEach((button) => {
    button.addEventListener("click", () =>
      post("/kiosk/pay" + (button.dataset.method ? "?method=" + button.dataset.method : "")));
  });
  // A stray tap must not lose a full basket: emptying it is asked for twice.
  $("clear").addEventListener("click", () => {
    $("confirm-clear").hidden = false;
    $("confirm-clear-keep").focus();
  });
  $("confirm-clear-keep").addEventListener("click", () => { $("confirm-clear").hidden = true; });
  $("confirm-clear-yes").addEventListener("click", () => {
    $("confirm-clear").hidden = true;
    post("/kiosk/clear");
  });
  $("age-start").addEventListener("click", () => post("/kiosk/age-check"));
  $("sim-approve").addEventListener("click", () => post("/kiosk/pay/simulate/approve"));
  $("sim-decline").addEventListener("click", () => post("/kiosk/pay/simulate/decline"));
  $("overlay-cancel").addEventListener("click", () =>
    post(latest && latest.payment ? "/kiosk/pay/cancel" : "/kiosk/age-check/cancel"));
  $("help-open").addEventListener("click", () => { $("help").hidden = false; });
  $("help-close").addEventListener("click", () => { $("help").hidden = true; });
  const typed = $("typed-scan");
  if (typed) {
    typed.addEventListener("submit", (event) => {
      event.preventDefault();
      const input = typed.elements.code;
      post("/kiosk/scan", { code: input.value });
      input.value = "";
    });
  }
  subscribeLive("/kiosk/events", render);
})();
