/** Page layout and rendering: typed view models (jstachio) wrapped in the site's layout. */
@JStacheConfig(using = ViewConfig.class)
package dev.deckhand.web.ui.view;

import io.jstach.jstache.JStacheConfig;
