// Starts Swagger UI on /docs (a file, not an inline script: the Content-Security-Policy).
"use strict";
(() => {
  const root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    domNode: root,
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    validatorUrl: null, // never ask validator.swagger.io: no internet, no third party
  });
})();
