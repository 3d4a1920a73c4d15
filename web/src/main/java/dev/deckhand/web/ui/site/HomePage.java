package dev.deckhand.web.ui.site;

import dev.deckhand.web.ui.view.View;
import io.jstach.jstache.JStache;

import java.util.List;
import java.util.Optional;

/** {@code GET /}: a card per product ({@code views/site/home.mustache}). */
@JStache(path = "site/home")
record HomePage(List<Card> products) implements View {

    /** @param imageUrl the product image's public URL, if it has one */
    record Card(String slug, String title, String description, Optional<String> imageUrl, int planCount) {

        /** "1 plan", "3 plans". */
        public String plans() {
            return planCount == 1 ? "1 plan" : planCount + " plans";
        }
    }
}
