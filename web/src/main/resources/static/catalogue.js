// Catalogue admin page: product image uploads. A multipart form cannot carry the CSRF token in a
// way CsrfFilter reads (it reads the X-CSRF-Token header, or the field of urlencoded forms only),
// so forms marked data-upload are sent with fetch and the header from <meta name="csrf-token">.
// Success: the page reloads at the product; refusal: the server's message is shown by the form.
(function () {
  'use strict';
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.getAttribute('content') : '';

  function messageOf(html, status) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var flash = doc.querySelector('.flash-error');
    return flash ? flash.textContent.trim() : 'Upload failed (HTTP ' + status + ').';
  }

  document.querySelectorAll('form[data-upload]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var error = form.querySelector('.upload-error');
      var button = form.querySelector('button[type="submit"]');
      if (button) { button.disabled = true; }
      fetch(form.action, {
        method: 'POST', body: new FormData(form), credentials: 'same-origin',
        headers: { 'X-CSRF-Token': token, 'Accept': 'text/html,*/*;q=0.8' }
      }).then(function (response) {
        return response.text().then(function (text) {
          if (response.ok) {
            var section = form.closest('section[id]');
            if (section) { window.location.hash = section.id; }
            window.location.reload();
            return;
          }
          if (error) {
            error.textContent = messageOf(text, response.status);
            error.hidden = false;
          }
          if (button) { button.disabled = false; }
        });
      }).catch(function () {
        if (error) { error.textContent = 'Upload failed: the server could not be reached.'; error.hidden = false; }
        if (button) { button.disabled = false; }
      });
    });
  });
}());
