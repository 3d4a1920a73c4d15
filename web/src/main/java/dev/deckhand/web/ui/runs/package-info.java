/** Run pages (a preflight or job, live), My runs and the start form. */
@JStacheConfig(using = ViewConfig.class)
package dev.deckhand.web.ui.runs;

import dev.deckhand.web.ui.view.ViewConfig;
import io.jstach.jstache.JStacheConfig;
