/** The admin dashboard, job lists and job pages under /admin: typed view models (jstachio). */
@JStacheConfig(using = ViewConfig.class)
package dev.deckhand.web.ui.admin;

import dev.deckhand.web.ui.view.ViewConfig;
import io.jstach.jstache.JStacheConfig;
