// Passkeys (WebAuthn): a form marked data-passkey="create" or "get" asks the server for the
// ceremony's options, lets the browser make or use the passkey, and posts the answer in the
// form's `credential` field. Without WebAuthn in the browser the form stays hidden.
(function () {
  "use strict";
  if (!window.PublicKeyCredential || !navigator.credentials) return;

  function toBytes(text) {
    var b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) b64 += "=";
    var raw = atob(b64);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out.buffer;
  }
  function toText(buffer) {
    if (!buffer) return null;
    var bytes = new Uint8Array(buffer);
    var raw = "";
    for (var i = 0; i < bytes.length; i++) raw += String.fromCharCode(bytes[i]);
    return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function descriptors(list) {
    return (list || []).map(function (d) {
      return { type: d.type, id: toBytes(d.id), transports: d.transports };
    });
  }
  function creation(o) {
    o.challenge = toBytes(o.challenge);
    o.user.id = toBytes(o.user.id);
    o.excludeCredentials = descriptors(o.excludeCredentials);
    return { publicKey: o };
  }
  function request(o) {
    o.challenge = toBytes(o.challenge);
    o.allowCredentials = descriptors(o.allowCredentials);
    return { publicKey: o };
  }
  function answer(credential) {
    var r = credential.response;
    var response = { clientDataJSON: toText(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toText(r.attestationObject);
      response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      response.authenticatorData = toText(r.authenticatorData);
      response.signature = toText(r.signature);
      response.userHandle = toText(r.userHandle);
    }
    return {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      response: response,
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
    };
  }

  document.querySelectorAll("form[data-passkey]").forEach(function (form) {
    var status = form.querySelector("[data-passkey-status]");
    var make = form.getAttribute("data-passkey") === "create";
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      if (form.elements.credential.value) return;
      event.preventDefault();
      status.textContent = "";
      fetch(form.getAttribute("data-passkey-options"), {
        method: "POST",
        headers: { "X-CSRF-Token": form.elements.csrf_token.value, Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (reply) {
          if (!reply.ok) throw new Error("options " + reply.status);
          return reply.json();
        })
        .then(function (options) {
          return make
            ? navigator.credentials.create(creation(options))
            : navigator.credentials.get(request(options));
        })
        .then(function (credential) {
          form.elements.credential.value = JSON.stringify(answer(credential));
          form.submit();
        })
        .catch(function () {
          status.textContent = status.getAttribute("data-failed");
        });
    });
  });
})();
