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
	created_at: string | null;
	updated_at: string | null;
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
	bookings: Booking[];
	events: LeadEvent[];
}
