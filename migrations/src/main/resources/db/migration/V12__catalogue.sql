-- The catalogue: Products -> Versions -> Plans -> Steps, managed through the admin API.
CREATE TABLE products (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug         text NOT NULL UNIQUE,
    title        text NOT NULL,
    description  text NOT NULL DEFAULT '',
    image_key    text,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE versions (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    product_id   uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    label        text NOT NULL,
    is_listed    boolean NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (product_id, label)
);

CREATE TABLE plans (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    version_id          uuid NOT NULL REFERENCES versions (id) ON DELETE CASCADE,
    slug                text NOT NULL,
    title               text NOT NULL,
    preflight_required  boolean NOT NULL DEFAULT true,
    created_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (version_id, slug)
);

-- A step: a pluggable kind (a StepKind bean, e.g. http, wait) and its JSON config.
CREATE TABLE steps (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    plan_id      uuid NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    step_order   integer NOT NULL,
    name         text NOT NULL,
    kind         text NOT NULL,
    config       jsonb NOT NULL DEFAULT '{}',
    is_required  boolean NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX steps_plan_order ON steps (plan_id, step_order);
