package dev.deckhand.mail;

/**
 * What the mails looked like before the move to jstachio, captured from the former {@code {{key}}}
 * renderer for the samples in {@link MailRenderingTest}: the same records must render the same
 * subjects and bodies, with and without the site link.
 */
final class MailGoldens {

    record Rendered(String subject, String text, String html) {
    }

    static final Rendered RUN_FINISHED_LINKED = new Rendered("Deckhand: your run of Install \"it\" finished",
            """
            Hello Ann <b>& Co</b>,

            your run of "Install "it"" (Widget 1.2) finished.
            Status: complete
            Run: 0b6f0c4e-1111-4222-8333-444455556666
            Open the run: https://d.example/jobs/0b6f0c4e-1111-4222-8333-444455556666

            You get this mail because you asked to be told when a run finishes. You can turn it off on your
            Deckhand settings page.
            """,
            """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Deckhand run complete</title></head>
            <body style="font-family: sans-serif; line-height: 1.4">
            <p>Hello Ann &lt;b&gt;&amp; Co&lt;/b&gt;,</p>
            <p>your run of <strong>Install &quot;it&quot;</strong> (Widget 1.2) finished.</p>
            <p>Status: <strong>complete</strong><br>Run: <code>0b6f0c4e-1111-4222-8333-444455556666</code></p>
            <p><a href="https://d.example/jobs/0b6f0c4e-1111-4222-8333-444455556666">Open the run</a></p>
            <p style="color: #555">You get this mail because you asked to be told when a run finishes. You can
            turn it off on your Deckhand settings page.</p>
            </body></html>
            """);

    static final Rendered RECONNECT_LINKED = new Rendered("Deckhand: please reconnect your account",
            """
            Hello there,

            Deckhand can no longer use your connected account (your account): it was not used for a while, so Deckhand gave up its access, as it always does.
            To run plans again, sign in to Deckhand and connect your account again.
            Open Deckhand: https://d.example/

            Nothing else is needed: Deckhand has already discarded the old access.
            """,
            """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Please reconnect your account</title></head>
            <body style="font-family: sans-serif; line-height: 1.4">
            <p>Hello there,</p>
            <p>Deckhand can no longer use your connected account (<strong>your account</strong>): it was not used for a while, so Deckhand gave up its access, as it always does.</p>
            <p>To run plans again, sign in to Deckhand and connect your account again.</p>
            <p><a href="https://d.example/">Open Deckhand</a></p>
            <p style="color: #555">Nothing else is needed: Deckhand has already discarded the old access.</p>
            </body></html>
            """);

    static final Rendered DEAD_SET_GROWTH_LINKED = new Rendered("Deckhand alert: 5 jobs in the dead set (was 3)",
            """
            The job queue's dead set grew from 3 to 5 jobs.
            Dead jobs exhausted their retries (or had no handler) and will not run again unless an
            administrator retries them.

            Look at them on the admin dashboard (Queues, dead set), fix the cause, then retry or discard them.
            Open the admin dashboard: https://d.example/admin

            Next alert: when the dead set grows again, at most once every 60 minutes.
            """,
            """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Deckhand dead-set alert</title></head>
            <body style="font-family: sans-serif; line-height: 1.4">
            <p>The job queue's dead set grew from <strong>3</strong> to <strong>5</strong> jobs.</p>
            <p>Dead jobs exhausted their retries (or had no handler) and will not run again unless an
            administrator retries them.</p>
            <p>Look at them on the admin dashboard (Queues, dead set), fix the cause, then retry or discard them.</p>
            <p><a href="https://d.example/admin">Open the admin dashboard</a></p>
            <p style="color: #555">Next alert: when the dead set grows again, at most once every 60 minutes.</p>
            </body></html>
            """);

    static final Rendered RUN_FINISHED_UNLINKED = new Rendered("Deckhand: your run of Install \"it\" finished",
            """
            Hello Ann <b>& Co</b>,

            your run of "Install "it"" (Widget 1.2) finished.
            Status: complete
            Run: 0b6f0c4e-1111-4222-8333-444455556666

            You get this mail because you asked to be told when a run finishes. You can turn it off on your
            Deckhand settings page.
            """,
            """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Deckhand run complete</title></head>
            <body style="font-family: sans-serif; line-height: 1.4">
            <p>Hello Ann &lt;b&gt;&amp; Co&lt;/b&gt;,</p>
            <p>your run of <strong>Install &quot;it&quot;</strong> (Widget 1.2) finished.</p>
            <p>Status: <strong>complete</strong><br>Run: <code>0b6f0c4e-1111-4222-8333-444455556666</code></p>
            <p></p>
            <p style="color: #555">You get this mail because you asked to be told when a run finishes. You can
            turn it off on your Deckhand settings page.</p>
            </body></html>
            """);

    static final Rendered RECONNECT_UNLINKED = new Rendered("Deckhand: please reconnect your account",
            """
            Hello there,

            Deckhand can no longer use your connected account (your account): it was not used for a while, so Deckhand gave up its access, as it always does.
            To run plans again, sign in to Deckhand and connect your account again.

            Nothing else is needed: Deckhand has already discarded the old access.
            """,
            """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Please reconnect your account</title></head>
            <body style="font-family: sans-serif; line-height: 1.4">
            <p>Hello there,</p>
            <p>Deckhand can no longer use your connected account (<strong>your account</strong>): it was not used for a while, so Deckhand gave up its access, as it always does.</p>
            <p>To run plans again, sign in to Deckhand and connect your account again.</p>
            <p></p>
            <p style="color: #555">Nothing else is needed: Deckhand has already discarded the old access.</p>
            </body></html>
            """);

    static final Rendered DEAD_SET_GROWTH_UNLINKED = new Rendered("Deckhand alert: 5 jobs in the dead set (was 3)",
            """
            The job queue's dead set grew from 3 to 5 jobs.
            Dead jobs exhausted their retries (or had no handler) and will not run again unless an
            administrator retries them.

            Look at them on the admin dashboard (Queues, dead set), fix the cause, then retry or discard them.

            Next alert: when the dead set grows again, at most once every 60 minutes.
            """,
            """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Deckhand dead-set alert</title></head>
            <body style="font-family: sans-serif; line-height: 1.4">
            <p>The job queue's dead set grew from <strong>3</strong> to <strong>5</strong> jobs.</p>
            <p>Dead jobs exhausted their retries (or had no handler) and will not run again unless an
            administrator retries them.</p>
            <p>Look at them on the admin dashboard (Queues, dead set), fix the cause, then retry or discard them.</p>
            <p></p>
            <p style="color: #555">Next alert: when the dead set grows again, at most once every 60 minutes.</p>
            </body></html>
            """);

    private MailGoldens() {
    }
}
