export interface Lead {
	id: number;
	email: string;
	name: string;
	phone: string;
	postcode: string;
	stage: string;
	stage_label: string;
	source: string;
	created_at: string;
	updated_at: string;
	next_booking_at: string | null;
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
	previous_external_id: string | null;
}

export interface LeadEvent {
	id: number;
	type: string;
	data: Record< string, unknown > | null;
	actor: string;
	created_at: string;
}

export interface LeadDetails extends Lead {
	bookings: Booking[];
	events: LeadEvent[];
	[ extra: string ]: unknown;
}
