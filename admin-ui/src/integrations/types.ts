export type SecretSource = 'option' | 'env' | 'none';

export interface Provider {
	id: string;
	label: string;
	enabled: boolean;
	webhook_url: string;
	has_secret: boolean;
	/** Masked secret ("••••••••abcd") or the env reference ("env:NAME"). */
	secret_hint: string;
	secret_source: SecretSource;
	/** Until when the secret replaced by the last rotation still verifies (UTC ISO), or null. */
	previous_secret_expires: string | null;
	accept_unsigned: boolean;
	/** When accepting unsigned deliveries turns itself off (ISO 8601 UTC), null while off. */
	accept_unsigned_until: string | null;
	booking_url: string;
	/** Calendly: the webhook subscription made by "Register webhook with Calendly". */
	subscription_uri: string | null;
	/** Whether its deliveries carry booking-form answers (providers.json `answers`). */
	answers: boolean;
	/** Booking question → the lead field its answer fills when blank ('' = not used). */
	answer_map: Record< string, string >;
}

export interface SidecarHealth {
	reachable: boolean;
	version: string | null;
	queued: number | null;
	failed: number | null;
	message?: string;
}

export interface WebhookCheck {
	url: string;
	redirects: boolean;
	/** HTTP status of the check, null when the site could not reach itself. */
	status: number | null;
	location: string | null;
	message: string;
	checked_at: string | null;
}

export interface IntegrationsData {
	providers: Provider[];
	sidecar: SidecarHealth | null;
	webhook_check: WebhookCheck | null;
}

export interface NewSecretResponse {
	secret: string;
	provider: Provider | null;
}

export interface Delivery {
	id: number;
	provider: string;
	trigger: string;
	status: string;
	http_status: number | null;
	error: string;
	lead_id: number | null;
	booking_id: number | null;
	attempts: number;
	received_at: string | null;
	processed_at: string | null;
	can_replay: boolean;
	/** Accepted without a signature check ("Accept unsigned deliveries"). */
	unsigned: boolean;
}

export interface DeliveryOutcome {
	status: string;
	http_status: number | null;
	message: string;
	delivery_id: number | null;
	lead_id: number | null;
}

export interface CalendlyRegistration {
	registered: boolean;
	replaced: boolean;
	subscription_uri: string;
	events: string[];
	provider: Provider | null;
}
