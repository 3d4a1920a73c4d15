/** Sign-in, account connection and the user's settings. */
@JStacheConfig(using = ViewConfig.class)
package dev.deckhand.web.ui.account;

import dev.deckhand.web.ui.view.ViewConfig;
import io.jstach.jstache.JStacheConfig;
