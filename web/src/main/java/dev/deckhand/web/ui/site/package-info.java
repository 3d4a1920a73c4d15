/** The public catalogue pages: products and their plans, with the actions a visitor can take. */
@JStacheConfig(using = ViewConfig.class)
package dev.deckhand.web.ui.site;

import dev.deckhand.web.ui.view.ViewConfig;
import io.jstach.jstache.JStacheConfig;
