export interface Lead {
	id: number;
	email: string;
	name: string;
	phone: string;
	postcode: string;
	address: string;
	/** Monthly electricity bill; null when not given. */
	monthly_bill: number | null;
	roof_type: string;
	/** null when unknown. */
	homeowner: boolean | null;
	stage: string;
	stage_label: string;
	stage_changed_at: string | null;
	source: string;
	created_at: string;
	updated_at: string;
	next_booking_at: string | null;
	/** The booker's own zone for the next booking, when the list provides it. */
	next_booking_timezone: string;
}

export interface Booking {
	id: number;
	provider: string;
	external_id: string;
	status: string;
	title: string;
	start_at: string | null;
	end_at: string | null;
	timezone: string;
	attendee_email: string;
	guests: string[];
	previous_external_id: string | null;
	next_external_id: string | null;
	cancel_reason: string;
	/** The group session's id, shared by its seats; null when not a seat. */
	booking_uid: string | null;
	/** The seat (Cal.com attendeeSeatId); null when not known. */
	seat_id: string | null;
	/** Places in the group session, when the tool says. */
	seats: number | null;
	/** Occurrences of one recurring series share this id. */
	series_id: string | null;
	/** An address, a phone number or a join link, as text. */
	location: string;
	/** '', 'video', 'phone', 'in_person' or 'other'. */
	location_type: string;
	/** The booking form's questions and answers, as text. */
	answers: BookingAnswer[];
	/** Who cancelled, as the tool names them. */
	cancelled_by: string;
	/** '', 'host' or 'invitee'. */
	cancelled_by_role: string;
	/** '', 'booking' or 'series' (cancelled with every later occurrence). */
	cancel_scope: string;
	created_at: string | null;
	updated_at: string | null;
}

export interface BookingAnswer {
	label: string;
	value: string;
}

/** One touch's UTM parameters, landing page, referrer and time. */
export interface Touch {
	source: string;
	medium: string;
	campaign: string;
	term: string;
	content: string;
	landing_page: string;
	referrer: string;
	at: string | null;
}

export interface LeadAttribution {
	first: Touch;
	last: Touch;
}

export interface LeadEvent {
	id: number;
	type: string;
	data: Record< string, unknown > | null;
	actor: string;
	/** Who or what caused it, as the server names it ("Cal.com", a user's display name). */
	actor_label: string;
	created_at: string;
}

export interface LeadDetails extends Lead {
	message: string;
	attribution: LeadAttribution;
	bookings: Booking[];
	events: LeadEvent[];
}
