/** Catalogue management under /admin/catalogue: typed view models (jstachio). */
@JStacheConfig(using = ViewConfig.class)
package dev.deckhand.web.ui.catalogue;

import dev.deckhand.web.ui.view.ViewConfig;
import io.jstach.jstache.JStacheConfig;
