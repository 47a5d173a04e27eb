-- A realistic desk, generated inside PostgreSQL (psql -v tickets=N -f desk.sql): agents,
-- contacts, tickets over three years with the SLA marks SlaClock would store, tags and a
-- thread per ticket. Deterministic (setseed). Run by generate-desk.sh on a migrated database
-- whose secondary indexes it drops first and rebuilds afterwards.
\set ON_ERROR_STOP on
SELECT setseed(0.42);

-- 20 agents who sign in with the admin's password.
INSERT INTO users (email, name, role, password_hash)
SELECT format('agent%s@bench.example', lpad(g::text, 2, '0')),
       (ARRAY['Ann Keller','Bob Marsh','Carl Nyberg','Dina Osei','Emil Park','Fay Quinn','Gus Reyes','Hana Sato',
              'Ivan Petrov','Jo Wu','Kim Lee','Lars Berg','Mia Rossi','Nils Holm','Olga Ivanova','Pia Lund',
              'Raj Mehta','Sara Cohen','Tom Fisher','Uma Rao'])[g],
       'agent', (SELECT password_hash FROM users WHERE role = 'admin' ORDER BY id LIMIT 1)
FROM generate_series(1, 20) g;

-- 50,000 customers.
INSERT INTO contacts (email, name, company)
SELECT format('customer%s@example.com', g),
       (ARRAY['Alice','Bruno','Chen','Dmitri','Elena','Farah','Giorgio','Hiro','Ines','Jamal','Katja','Luis','Mei',
              'Noah','Oksana','Pedro','Quentin','Rosa','Sven','Tariq','Ursula','Viktor','Wen','Yara','Zoe'])
           [1 + floor(random() * 25)::int] || ' ' ||
       (ARRAY['Adams','Brown','Cruz','Dubois','Evans','Fischer','Garcia','Huang','Ito','Jensen','Kowalski','Lopez',
              'Müller','Nakamura','Olsen','Petrov','Rossi','Schmidt','Tanaka','Novak'])[1 + floor(random() * 20)::int],
       (ARRAY['Acme','Globex','Initech','Umbrella','Hooli','Stark','Wayne','Wonka','Tyrell','Cyberdyne'])
           [1 + floor(random() * 10)::int]
FROM generate_series(1, 50000) g;

-- the agents' ids are consecutive: min(id) + 0..19
CREATE TEMP TABLE agent_ids AS SELECT id FROM users WHERE role = 'agent';
CREATE TEMP TABLE contact_range AS SELECT min(id) AS lo, max(id) AS hi FROM contacts;

-- The tickets, one about every 95 seconds over three years; old ones mostly closed.
INSERT INTO tickets (subject, description, status, priority, category, channel, requester_contact_id, assignee_id,
                     tags, due_at, created_at, updated_at, version, first_responded_at, paused_seconds, paused_since,
                     resolved_at, sla_first_due_at, sla_resolution_due_at, sla_warn_at, sla_breach_at)
SELECT subject, description, status, priority, category, channel, requester, assignee, tags, due_at, created_at,
       updated_at, 1 + floor(random() * 4)::int, responded, 0, paused_since, resolved_at,
       first_due, resolution_due,
       CASE WHEN responded IS NULL THEN least(first_due - make_interval(secs => first_s / 4),
                                             resolution_due - make_interval(secs => resolution_s / 4))
            WHEN responded > first_due THEN first_due
            ELSE resolution_due - make_interval(secs => resolution_s / 4) END,
       CASE WHEN responded IS NULL THEN least(first_due, resolution_due)
            WHEN responded > first_due THEN first_due
            ELSE resolution_due END
FROM (
  SELECT *, created_at + make_interval(secs => first_s) AS first_due,
         created_at + make_interval(secs => resolution_s) AS resolution_due,
         CASE WHEN status IN ('pending', 'on_hold') THEN updated_at END AS paused_since,
         CASE WHEN status IN ('resolved', 'closed') THEN updated_at END AS resolved_at,
         CASE WHEN status = 'open' AND r_resp < 0.5 THEN NULL
              ELSE least(created_at + make_interval(secs => (r_resp * r_resp * 2 * first_s)::int), updated_at) END
           AS responded
  FROM (
    SELECT *, CASE priority WHEN 'urgent' THEN 3600 WHEN 'high' THEN 14400 WHEN 'medium' THEN 28800 ELSE 86400 END
                AS first_s,
              CASE priority WHEN 'urgent' THEN 14400 WHEN 'high' THEN 86400 WHEN 'medium' THEN 259200 ELSE 604800 END
                AS resolution_s,
              least(now(), created_at + make_interval(secs => (random() * random() * 10 * 86400)::int)) AS updated_at
    FROM (
      SELECT g,
             now() - make_interval(secs => ((:tickets - g) * (94608000.0 / :tickets))::int) AS created_at,
             CASE WHEN (:tickets - g) * (94608000.0 / :tickets) < 14 * 86400 THEN
                    (ARRAY['open','open','open','open','open','open','open','in_progress','in_progress','in_progress',
                           'in_progress','pending','pending','pending','on_hold','resolved','resolved','resolved',
                           'closed','closed'])[1 + floor(random() * 20)::int]
                  ELSE (ARRAY['closed','closed','closed','closed','closed','closed','closed','closed','closed',
                              'closed','closed','closed','closed','closed','closed','closed','closed','resolved',
                              'resolved','open','in_progress','pending','on_hold','closed'])[1 + floor(random() * 24)::int]
             END AS status,
             (ARRAY['urgent','high','high','high','high','medium','medium','medium','medium','medium','medium',
                    'medium','medium','medium','medium','low','low','low','low','low'])[1 + floor(random() * 20)::int]
               AS priority,
             (ARRAY['general','billing','technical','technical','account','feature_request','bug_report','other'])
               [1 + floor(random() * 8)::int] AS category,
             (ARRAY['email','email','email','web','web','phone','chat','internal'])[1 + floor(random() * 8)::int]
               AS channel,
             (SELECT lo FROM contact_range) + floor(power(random(), 1.6) * 50000)::int AS requester,
             CASE WHEN random() < 0.08 THEN NULL
                  ELSE (SELECT min(id) FROM agent_ids) + floor(random() * 20)::int END AS assignee,
             CASE floor(random() * 4)::int
               WHEN 0 THEN '{}'::text[]
               WHEN 1 THEN ARRAY[(ARRAY['vip','printer','network','vpn','email','billing','refund','laptop',
                                        'password','onboarding','outage','mobile','invoice','security','wifi',
                                        'upgrade','trial','api','sso','backup'])[1 + floor(random() * 20)::int]]
               ELSE ARRAY[(ARRAY['vip','printer','network','vpn','email','billing','refund','laptop','password',
                                 'onboarding'])[1 + floor(random() * 10)::int],
                          (ARRAY['outage','mobile','invoice','security','wifi','upgrade','trial','api','sso',
                                 'backup'])[1 + floor(random() * 10)::int]]
             END AS tags,
             CASE WHEN random() < 0.12 THEN now() - make_interval(secs => ((:tickets - g) * (94608000.0 / :tickets))::int)
                                             + make_interval(days => 1 + floor(random() * 20)::int) END AS due_at,
             random() AS r_resp,
             CASE WHEN random() < 0.02 THEN
                    (ARRAY['Принтер не печатает', 'Не работает VPN', 'Проблема со счётом', 'プリンターが動かない',
                           '无法登录邮箱', '비밀번호 재설정', 'Η εκτύπωση αποτυγχάνει', 'Fehler beim Drucken'])
                      [1 + floor(random() * 8)::int] || ' #' || g
                  ELSE
                    (ARRAY['Printer','VPN','Laptop','Email','Invoice','Refund','Password','Wi-Fi','Phone','Monitor',
                           'Account','Order','Login','Backup','Calendar','Dashboard','Report','Export','API key',
                           'Subscription','Headset','Docking station','Shared drive','Keyboard','Webcam'])
                      [1 + floor(random() * 25)::int] || ' ' ||
                    (ARRAY['not working','keeps disconnecting','is very slow','shows an error','jams on floor 3',
                           'cannot be reached','was charged twice','needs an upgrade','is missing','stopped syncing',
                           'locked after update','asks for a licence','crashes on start','prints blank pages',
                           'request for access','question about pricing','fails with timeout','flickers',
                           'does not arrive','duplicate entries'])[1 + floor(random() * 20)::int] ||
                    CASE WHEN random() < 0.3 THEN ' (order ' || (1000 + floor(random() * 9000)::int) || ')' ELSE '' END
             END AS subject,
             'Hello, since this morning it does not work as expected. We tried restarting and it did not help. '
               || 'Please have a look; our team depends on it. Reference ' || g || '.' AS description
      FROM generate_series(1, :tickets) g
    ) base
  ) timed
) facts;

-- A thread per ticket: the customer's message and one to eight answers (about 5,000,000
-- messages at a million tickets), replies and internal notes, from 30 sentences that name
-- the things people write about, so that free words match in the conversation too.
CREATE TEMP TABLE sentences AS
SELECT n, s FROM unnest(ARRAY[
  'Thanks for writing in. We are looking into it and will update you shortly.',
  'Checked the logs: looks like the known issue from last week.',
  'This should be fixed now. Please let us know if it happens again.',
  'Could you send a screenshot of the error message?',
  'The printer driver was outdated; I pushed the new one to your laptop.',
  'We reset the VPN profile. Please reconnect and tell us if it still drops.',
  'The invoice was corrected and a refund of the double charge is on its way.',
  'Your password was reset; you will be asked to choose a new one at the next login.',
  'Escalated to the network team, they see packet loss on the floor switch.',
  'Is this happening on the wifi only, or on the cable too?',
  'The mailbox was over quota; we archived the old mail and it syncs again.',
  'Replaced the toner and cleaned the rollers, the pages come out clean now.',
  'Licence renewed for another year, the warning should be gone after a restart.',
  'Waiting for the vendor, they promised an answer by Friday.',
  'The backup job failed because the share was full; we added space and ran it again.',
  'I could reproduce it with the latest update; rolling back the update for now.',
  'Customer confirmed on the phone that everything works, closing.',
  'Single sign-on certificate expired this morning, renewed and tested.',
  'The dashboard export times out for large date ranges; splitting it into months works.',
  'Moved your account to the new plan; the pricing change starts next month.',
  'Security flagged the login from an unknown location, please confirm it was you.',
  'The webcam needs the firmware from the manufacturer, link attached.',
  'Docking station swapped, monitors detected at full resolution.',
  'Calendar invites were stuck in the outbox because of an old rule, removed it.',
  'Keyboard layout switched back to the default after the update, fixed in settings.',
  'API key rotated, the old one stops working in 24 hours.',
  'Shared drive permissions were missing for the new team, granted.',
  'Headset firmware updated, the echo is gone in our test call.',
  'Order was shipped again with express delivery at no cost.',
  'Duplicate entries came from an import that ran twice; cleaned them up.'
]) WITH ORDINALITY AS x(s, n);

INSERT INTO messages (ticket_id, type, author_user_id, author_contact_id, body, created_at)
SELECT t.id, 'reply', NULL, t.requester_contact_id, t.description, t.created_at FROM tickets t;
INSERT INTO messages (ticket_id, type, author_user_id, author_contact_id, body, created_at)
SELECT t.id, CASE WHEN k IN (2, 5) THEN 'note' ELSE 'reply' END, t.assignee_id, NULL,
       (SELECT s FROM sentences WHERE n = 1 + (t.id * 7 + k * 13) % 30),
       t.created_at + make_interval(mins => 10 * k)
FROM tickets t, generate_series(1, 8) k
WHERE t.first_responded_at IS NOT NULL AND t.assignee_id IS NOT NULL AND k <= 1 + (t.id % 8);

-- Each ticket's words with its thread, as the write path keeps them (migration V70);
-- generate-desk.sh compacts the table afterwards (VACUUM FULL) before it builds the indexes.
CREATE TEMP TABLE message_words AS
    SELECT ticket_id, search_words_agg(search_words(body)) AS words
    FROM messages WHERE type <> 'system' GROUP BY ticket_id;
UPDATE tickets t SET search_words = search_words_add(t.search_words, m.words)
FROM message_words m WHERE m.ticket_id = t.id;

-- The SLA watcher's marks, as if it had announced every warning and breach so far: without
-- them the service's first start announces some 47,000 breaches (a system message and
-- notifications each) while a benchmark measures something else.
UPDATE tickets SET sla_notified = CASE WHEN sla_breach_at <= now() THEN 'breached' ELSE 'approaching' END
WHERE status IN ('open', 'in_progress') AND sla_warn_at <= now();
