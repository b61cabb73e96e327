-- Formatting helpers for the set-based sweep, so an alert it opens reads exactly like one the
-- event-driven path (src/rules/catalogue) opens.

-- 8100000 → '2h15m', 93600000 → '1d2h', 45000 → '45s'; the sign is dropped (formatDuration in util.ts).
CREATE FUNCTION ow_format_duration(ms bigint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN abs(ms) < 60000 THEN (abs(ms) / 1000)::text || 's'
  ELSE concat(
    NULLIF(abs(ms) / 86400000, 0)::text || 'd',
    NULLIF((abs(ms) % 86400000) / 3600000, 0)::text || 'h',
    NULLIF((abs(ms) % 3600000) / 60000, 0)::text || 'm')
  END
$$;

-- A timestamp as JavaScript's Date.toISOString() writes it: 2026-11-22T04:00:00.000Z.
CREATE FUNCTION ow_iso(t timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

-- Milliseconds from a to b.
CREATE FUNCTION ow_ms(a timestamptz, b timestamptz) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (extract(epoch FROM (b - a)) * 1000)::bigint
$$;
