package dev.deckhand.web.ui.view;

import dev.deckhand.web.ui.assets.StaticAssets;

/**
 * The fingerprinted URLs every whole page links in its head ({@code views/partials/head-links.mustache}):
 * the stylesheet and the icon.
 */
public record AssetLinks(String stylesheet, String icon) {

    public static AssetLinks of(StaticAssets assets) {
        return new AssetLinks(assets.url("app.css"), assets.url("favicon.svg"));
    }
}
