-- Inquiries found again by the callback phone in any format ("I called yesterday"): phone_key
-- is the number's last ten digits (+7 701 123-45-67 and 8 (701) 1234567 meet), kept by the store
-- beside the phone as written. close_reason says why an inquiry was closed or withdrawn.
ALTER TABLE inquiries ADD COLUMN phone_key TEXT NOT NULL DEFAULT '';
ALTER TABLE inquiries ADD COLUMN close_reason TEXT NOT NULL DEFAULT '';
UPDATE inquiries SET phone_key = right(replace(replace(replace(replace(replace(
    callback_phone, ' ', ''), '+', ''), '(', ''), ')', ''), '-', ''), 10);
CREATE INDEX inquiries_by_phone_key ON inquiries(phone_key);
