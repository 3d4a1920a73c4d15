/** HTML error pages for browsers (problem+json stays for API clients). */
@JStacheConfig(using = ViewConfig.class)
package dev.deckhand.web.ui.errors;

import dev.deckhand.web.ui.view.ViewConfig;
import io.jstach.jstache.JStacheConfig;
