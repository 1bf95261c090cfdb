// The receipt page: "print (copy)" prints as it follows its link; the e-mail form posts as JSON.
"use strict";
(() => {
  document.querySelectorAll("[data-print]").forEach((link) => {
    link.addEventListener("click", () => window.print());
  });
  const form = document.getElementById("mail");
  if (!form) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const status = document.getElementById("mail-status");
    let ok = false;
    try {
      const answer = await fetch(form.dataset.action, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ to: form.elements.to.value }),
      });
      ok = answer.ok;
    } catch (error) {
      ok = false;
    }
    status.textContent = ok ? form.dataset.sent : form.dataset.failed;
  });
})();
