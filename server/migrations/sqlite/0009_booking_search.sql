-- Hosts search their bookings by the visitor's name or phone: both kept beside the booking
-- (the phone as its digits only), written with it and filled here from its stored view.
ALTER TABLE booking ADD COLUMN contact_name TEXT NOT NULL DEFAULT '';
ALTER TABLE booking ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
UPDATE booking SET
    contact_name = COALESCE(json_extract(view, '$.contact.name'), ''),
    contact_phone = REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(
        COALESCE(json_extract(view, '$.contact.phone'), ''), ' ', ''), '-', ''), '+', ''), '(', ''), ')', '');
CREATE INDEX booking_start ON booking (start);
