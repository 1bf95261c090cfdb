// A button with data-print prints the page (no inline script under the Content-Security-Policy).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
