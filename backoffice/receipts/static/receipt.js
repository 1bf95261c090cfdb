// The receipt page: "Skriv ut (kopia)" prints as it follows its link (no inline handlers: CSP).
"use strict";
document.querySelectorAll("[data-print]").forEach((link) => {
  link.addEventListener("click", () => window.print());
});
