package dev.deckhand.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The image type comes from the bytes: real PNG/JPEG files and a WebP header pass; SVG, HTML, GIF do not. */
class ProductImagesTest {

    private static byte[] encode(String format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), format, out)).isTrue();
        return out.toByteArray();
    }

    @Test
    void realImagesAreRecognisedByTheirMagicNumbers() throws Exception {
        assertThat(ProductImages.detect(encode("png"))).isEqualTo(ProductImages.Type.PNG);
        assertThat(ProductImages.detect(encode("jpg"))).isEqualTo(ProductImages.Type.JPEG);
        byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(ProductImages.detect(webp)).isEqualTo(ProductImages.Type.WEBP);
    }

    @Test
    void svgHtmlGifAndTruncatedFilesAreRefused() throws Exception {
        for (String text : new String[] {"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
                "<?xml version=\"1.0\"?><svg/>", "<html><script>alert(1)</script>", "RIFF\0\0\0\0WAVE", "\u0089PN", ""}) {
            assertThat(ProductImages.detect(text.getBytes(StandardCharsets.ISO_8859_1))).as(text).isNull();
        }
        assertThat(ProductImages.detect(encode("gif"))).isNull();
    }
}
