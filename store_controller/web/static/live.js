// Live screen state over Server-Sent Events. EventSource reconnects by itself; while it is away the
// body gets the class "disconnected" so the screen can say so instead of showing stale state.
"use strict";

function subscribeLive(url, onDocument) {
  const source = new EventSource(url);
  source.onmessage = (event) => {
    document.body.classList.remove("disconnected");
    onDocument(JSON.parse(event.data));
  };
  source.onopen = () => document.body.classList.remove("disconnected");
  source.onerror = () => document.body.classList.add("disconnected");
  return source;
}

// The language toggle remembers the choice for the session of this screen.
document.querySelectorAll(".lang a[data-lang]").forEach((link) => {
  link.addEventListener("click", () => {
    document.cookie = "lang=" + link.dataset.lang + "; path=/; SameSite=Lax";
  });
});
