<?php
/**
 * Booking-link tokens, one per quote request (the lead_tokens table).
 *
 * @package SolarCapture
 */

namespace SolarCapture\Leads;

use SolarCapture\Repository;

defined( 'ABSPATH' ) || exit;

/**
 * The booking link a visitor is given carries a token issued for that quote request, never the
 * lead's own long-lived `lead_token`: whoever sends the form with someone else's e-mail learns
 * nothing that matches that person's bookings. The sidecar finds the lead by either
 * (sidecar/src/store/sql.ts, findLeadByToken).
 */
class Token_Repository extends Repository {

	/**
	 * A new token for $lead_id (32 hex characters, the shape of a lead token).
	 *
	 * @param int $lead_id Lead id.
	 * @return string The token, '' on a database error.
	 */
	public function issue( int $lead_id ): string {
		$token = bin2hex( random_bytes( 16 ) );
		$ok    = $this->execute(
			"INSERT INTO {$this->table( 'tokens' )} (token, lead_id, created_at) VALUES (%s, %d, %s)",
			array( $token, $lead_id, gmdate( 'Y-m-d H:i:s' ) )
		);
		return 1 === $ok ? $token : '';
	}

	/**
	 * The lead a token was issued for.
	 *
	 * @param string $token Token.
	 * @return int|null
	 */
	public function lead_of( string $token ): ?int {
		$id = $this->count( "SELECT lead_id FROM {$this->table( 'tokens' )} WHERE token = %s", array( $token ) );
		return $id ? $id : null;
	}
}
