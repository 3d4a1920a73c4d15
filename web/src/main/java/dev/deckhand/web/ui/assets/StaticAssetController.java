package dev.deckhand.web.ui.assets;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;

/**
 * {@code GET /static/{name}}: fingerprinted assets with
 * {@code Cache-Control: public, max-age=31536000, immutable} (the URL changes whenever the
 * content does). Anything else under /static, including the un-fingerprinted names, is 404.
 */
@Controller(StaticAssets.PREFIX)
public class StaticAssetController {

    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final StaticAssets assets;

    public StaticAssetController(StaticAssets assets) {
        this.assets = assets;
    }

    @Get("/{name}")
    public HttpResponse<byte[]> asset(@PathVariable String name) {
        return assets.byFingerprint(name)
                .<HttpResponse<byte[]>>map(a -> HttpResponse.ok(a.content())
                        .header("Content-Type", a.contentType())
                        .header("Cache-Control", IMMUTABLE))
                .orElseGet(() -> HttpResponse.<byte[]>status(HttpStatus.NOT_FOUND).header("Cache-Control", "no-store"));
    }
}
