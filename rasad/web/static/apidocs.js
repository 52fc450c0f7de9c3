// The API's documentation page: Swagger UI from the vendored swagger-ui-dist package, no CDN.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
