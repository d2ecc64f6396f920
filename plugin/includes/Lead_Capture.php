<?php
/**
 * Quote requests from the public form: field and spam checks, then the lead (new or known).
 *
 * @package SolarCapture
 */

namespace SolarCapture;

use SolarCapture\Guard\Form_Guard;
use SolarCapture\Leads\Attribution;
use SolarCapture\Leads\Lead_Fields;
use SolarCapture\Leads\Lead_Repository;
use SolarCapture\Leads\Timeline;
use SolarCapture\Leads\Token_Repository;
use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * One quote request → one lead (unique on the normalised e-mail), with a timeline event and a
 * booking-link token. The field checks are static (the form prints with them); the spam checks
 * are Guard\Form_Guard's; handle() and submit() write through the repositories.
 */
class Lead_Capture {

	/**
	 * Leads.
	 *
	 * @var Lead_Repository
	 */
	private $leads;

	/**
	 * Timelines.
	 *
	 * @var Timeline
	 */
	private $timeline;

	/**
	 * Booking-link tokens.
	 *
	 * @var Token_Repository
	 */
	private $tokens;

	/**
	 * Spam guards.
	 *
	 * @var Form_Guard
	 */
	private $guard;

	/**
	 * Constructor.
	 *
	 * @param Lead_Repository  $leads    Leads.
	 * @param Timeline         $timeline Timelines.
	 * @param Token_Repository $tokens   Booking-link tokens.
	 * @param Form_Guard       $guard    Spam guards.
	 */
	public function __construct( Lead_Repository $leads, Timeline $timeline, Token_Repository $tokens, Form_Guard $guard ) {
		$this->leads    = $leads;
		$this->timeline = $timeline;
		$this->tokens   = $tokens;
		$this->guard    = $guard;
	}

	/**
	 * Roof types the form offers.
	 */
	public const ROOF_TYPES = array( 'pitched', 'flat', 'mixed', 'unsure' );

	/**
	 * Longest message the form accepts (an admin may write longer ones, up to lead-fields.json's limit).
	 */
	public const MESSAGE_MAX = 5000;

	/**
	 * Labels of the roof types.
	 *
	 * @return array<string,string>
	 */
	public static function roof_type_labels(): array {
		return array(
			'pitched' => __( 'Pitched', 'solar-capture' ),
			'flat'    => __( 'Flat', 'solar-capture' ),
			'mixed'   => __( 'Both / mixed', 'solar-capture' ),
			'unsure'  => __( 'Not sure', 'solar-capture' ),
		);
	}

	/**
	 * A signed, one-time time stamp for the form's hidden field (Guard\Form_Guard::stamp()).
	 *
	 * @param int|null $time Unix time to stamp (default now).
	 * @return string
	 */
	public static function form_stamp( ?int $time = null ): string {
		return Form_Guard::stamp( $time );
	}

	/**
	 * Fields of the form, in the order the form shows them (the error summary follows it).
	 */
	public const FIELDS = array( 'name', 'email', 'phone', 'address', 'postcode', 'monthly_bill', 'roof_type', 'homeowner', 'message', 'consent' );

	/**
	 * Check a quote request the way a person needs it: one clear message per wrong field.
	 * Used by the REST route (JavaScript) and the admin-post.php handler (no JavaScript) alike.
	 *
	 * @param array $input Raw input (strings from a form post, or JSON values).
	 * @return array{fields:array, errors:array<string,string>} Sanitised fields for submit(), and messages by field name.
	 */
	public static function validate( array $input ): array {
		$errors = array();
		$text   = static function ( $value ): string {
			return is_scalar( $value ) ? trim( (string) $value ) : '';
		};

		$name = self::text( $text( $input['name'] ?? '' ), Lead_Fields::max_length( 'name' ) );
		if ( '' === $name ) {
			$errors['name'] = __( 'Please enter your name.', 'solar-capture' );
		}

		$raw_email = $text( $input['email'] ?? '' );
		$email     = sanitize_email( $raw_email );
		if ( '' === $raw_email ) {
			$errors['email'] = __( 'Please enter your e-mail address.', 'solar-capture' );
		} elseif ( strlen( $raw_email ) > Lead_Fields::max_length( 'email' ) || $email !== $raw_email || ! is_email( $email ) ) {
			$errors['email'] = __( 'Please enter a valid e-mail address, such as name@example.com.', 'solar-capture' );
		}

		$phone = $text( $input['phone'] ?? '' );
		if ( '' !== $phone && ( strlen( $phone ) > Lead_Fields::max_length( 'phone' ) || ! preg_match( '/^[0-9+()\-.\s\/#*x]+$/i', $phone ) || preg_match_all( '/[0-9]/', $phone ) < 5 ) ) {
			$errors['phone'] = __( 'Please enter a valid phone number (digits, spaces and + ( ) - only), or leave it empty.', 'solar-capture' );
		}

		$address  = $text( $input['address'] ?? '' );
		$postcode = $text( $input['postcode'] ?? '' );
		if ( mb_strlen( $address ) > Lead_Fields::max_length( 'address' ) ) {
			$errors['address'] = sprintf(
				/* translators: %d: most characters. */
				__( 'Please shorten the address to %d characters.', 'solar-capture' ),
				Lead_Fields::max_length( 'address' )
			);
		}
		if ( mb_strlen( $postcode ) > Lead_Fields::max_length( 'postcode' ) ) {
			$errors['postcode'] = __( 'Please enter a shorter postcode.', 'solar-capture' );
		}

		$bill     = null;
		$raw_bill = $input['monthly_bill'] ?? null;
		if ( is_int( $raw_bill ) || is_float( $raw_bill ) ) {
			$bill = (float) $raw_bill;
		} elseif ( is_string( $raw_bill ) && '' !== trim( $raw_bill ) ) {
			// "120", "120.50", "120,50", "£120", "$ 1,200" (a comma followed by three digits groups thousands).
			$clean = (string) preg_replace( '/[\s£$€¥₹]/u', '', $raw_bill );
			$clean = preg_match( '/^\d{1,3}(,\d{3})+(\.\d+)?$/', $clean ) ? str_replace( ',', '', $clean ) : str_replace( ',', '.', $clean );
			$bill  = is_numeric( $clean ) ? (float) $clean : -1.0;
		}
		if ( null !== $bill && ( ! is_finite( $bill ) || $bill < 0 || $bill > 1000000 ) ) {
			$errors['monthly_bill'] = __( 'Please enter your average monthly bill as a number, such as 120, or leave it empty.', 'solar-capture' );
			$bill                   = null;
		}

		$roof = $text( $input['roof_type'] ?? '' );
		if ( '' !== $roof && ! in_array( $roof, self::ROOF_TYPES, true ) ) {
			$errors['roof_type'] = __( 'Please choose a roof type from the list.', 'solar-capture' );
			$roof                = '';
		}

		$owner     = $input['homeowner'] ?? null;
		$homeowner = null;
		if ( true === $owner || 'yes' === $owner || '1' === $owner || 1 === $owner ) {
			$homeowner = true;
		} elseif ( false === $owner || 'no' === $owner || '0' === $owner || 0 === $owner ) {
			$homeowner = false;
		}

		$message = is_scalar( $input['message'] ?? null ) ? sanitize_textarea_field( (string) $input['message'] ) : '';
		if ( mb_strlen( $message ) > self::MESSAGE_MAX ) {
			$errors['message'] = __( 'Please shorten your message to 5,000 characters.', 'solar-capture' );
		}

		$consent = $input['consent'] ?? null;
		if ( ! ( true === $consent || 'yes' === $consent || '1' === $consent || 1 === $consent || 'on' === $consent ) ) {
			$errors['consent'] = __( 'Please tick the box to agree, so that we may use your details for your quote.', 'solar-capture' );
		}

		/**
		 * Filters the per-field messages of a quote request (add one to refuse a field; keys are field names).
		 *
		 * @param array<string,string> $errors Messages by field name.
		 * @param array                $input  Raw input.
		 */
		$errors = (array) apply_filters( 'solar_capture_quote_validation_errors', $errors, $input );
		// In the order the form shows the fields, so the first message belongs to the first wrong field.
		$ordered = array();
		foreach ( self::FIELDS as $field ) {
			if ( isset( $errors[ $field ] ) ) {
				$ordered[ $field ] = (string) $errors[ $field ];
			}
		}
		$errors = $ordered + array_map( 'strval', $errors );

		return array(
			'fields' => array(
				'name'         => $name,
				'email'        => $email,
				'phone'        => $phone,
				'address'      => $address,
				'postcode'     => $postcode,
				'monthly_bill' => $bill,
				'roof_type'    => $roof,
				'homeowner'    => $homeowner,
				'message'      => $message,
				'consent'      => isset( $errors['consent'] ) ? '' : Settings::consent_text(),
			),
			'errors' => $errors,
		);
	}

	/**
	 * One quote request from either door (REST or admin-post.php): fields first, so a person
	 * sees what to correct; then the spam checks; then the lead.
	 *
	 * @param array  $input Raw input.
	 * @param string $ip    Client IP address.
	 * @return array{lead_id:int, booking_token:string, created:bool, name:string, email:string}|WP_Error
	 */
	public function handle( array $input, string $ip ) {
		$checked = self::validate( $input );
		if ( $checked['errors'] ) {
			return self::invalid( $checked['errors'] );
		}
		$spam = $this->guard->check(
			array(
				'website' => $input['website'] ?? '',
				'stamp'   => $input['stamp'] ?? '',
			),
			$ip
		);
		if ( is_wp_error( $spam ) ) {
			return $spam;
		}
		$fields = $checked['fields'];
		// The form's own consent text (block or shortcode attribute), when its signature shows we printed it.
		$shown = isset( $input['consent_text'] ) && is_string( $input['consent_text'] ) ? $input['consent_text'] : '';
		if ( '' !== $shown && is_string( $input['consent_sig'] ?? null ) && hash_equals( self::consent_signature( $shown ), $input['consent_sig'] ) ) {
			$fields['consent'] = $shown;
		}
		$fields['attribution'] = Attribution::from_input( $input );
		$result                = $this->submit( $fields );
		if ( is_wp_error( $result ) ) {
			return $result;
		}
		return $result + array(
			'name'  => $fields['name'],
			'email' => $fields['email'],
		);
	}

	/**
	 * Signature of a consent text printed with a form (so the timeline records the text shown).
	 *
	 * @param string $text Consent text.
	 * @return string
	 */
	public static function consent_signature( string $text ): string {
		return substr( wp_hash( 'solar-capture-consent|' . $text, 'nonce' ), 0, 20 );
	}

	/**
	 * The error answer for wrong fields (REST shape: `data.params` maps field → message).
	 *
	 * @param array<string,string> $errors Messages by field name.
	 * @return WP_Error
	 */
	public static function invalid( array $errors ): WP_Error {
		return new WP_Error(
			'rest_invalid_param',
			1 === count( $errors )
				? __( 'Please correct the field marked below.', 'solar-capture' )
				: __( 'Please correct the fields marked below.', 'solar-capture' ),
			array(
				'status' => 400,
				'params' => $errors,
			)
		);
	}

	/**
	 * Create the lead, or record the request on the existing lead with this e-mail. Either way a
	 * booking-link token is issued for this request.
	 *
	 * @param array $fields Sanitised fields (validate()): email, name, phone, postcode, address, monthly_bill, roof_type, homeowner, message, consent (the text agreed to), attribution (Attribution::from_input()).
	 * @return array{lead_id:int, booking_token:string, created:bool}|WP_Error
	 */
	public function submit( array $fields ) {
		$email = sanitize_email( trim( (string) ( $fields['email'] ?? '' ) ) );
		if ( ! is_email( $email ) ) {
			return self::invalid( array( 'email' => __( 'Please enter a valid e-mail address, such as name@example.com.', 'solar-capture' ) ) );
		}
		$consent = isset( $fields['consent'] ) && is_string( $fields['consent'] ) ? $fields['consent'] : '';
		$now     = gmdate( 'Y-m-d H:i:s' );

		$values = array();
		foreach ( array( 'name', 'phone', 'postcode', 'address' ) as $key ) {
			$values[ $key ] = self::text( $fields[ $key ] ?? '', Lead_Fields::max_length( $key ) );
		}
		$values += array(
			'monthly_bill' => isset( $fields['monthly_bill'] ) && is_numeric( $fields['monthly_bill'] ) && $fields['monthly_bill'] >= 0 ? round( (float) $fields['monthly_bill'], 2 ) : null,
			'roof_type'    => in_array( $fields['roof_type'] ?? '', self::ROOF_TYPES, true ) ? $fields['roof_type'] : '',
			'homeowner'    => isset( $fields['homeowner'] ) && null !== $fields['homeowner'] ? ( $fields['homeowner'] ? 1 : 0 ) : null,
			'message'      => isset( $fields['message'] ) ? mb_substr( sanitize_textarea_field( (string) $fields['message'] ), 0, self::MESSAGE_MAX ) : '',
		);

		$touch    = isset( $fields['attribution'] ) && is_array( $fields['attribution'] ) ? $fields['attribution'] : null;
		$existing = $this->leads->find_by_email( $email );
		if ( ! $existing ) {
			$lead_id = $this->leads->insert(
				array_merge(
					$values,
					Attribution::columns( $touch, 'first', $now ),
					Attribution::columns( $touch, 'last', $now ),
					array(
						'email'            => $email,
						'source'           => 'form',
						'stage'            => Pipeline::default_stage(),
						'stage_changed_at' => $now,
						'lead_token'       => bin2hex( random_bytes( 16 ) ),
						'created_at'       => $now,
						'updated_at'       => $now,
					)
				)
			);
			if ( $lead_id ) {
				$this->timeline->add( $lead_id, 'lead_created', array_filter( array( 'source' => 'form', 'consent' => $consent ) ), 'form' );
				$token = $this->tokens->issue( $lead_id );
				/**
				 * Fires after the quote form created a lead.
				 *
				 * @param int   $lead_id Lead id.
				 * @param array $values  Stored fields.
				 */
				do_action( 'solar_capture_lead_created', $lead_id, $values );
				/** This action is documented below. */
				do_action( 'solar_capture_lead_captured', $lead_id, true, $values );
				return array(
					'lead_id'       => $lead_id,
					'booking_token' => $token,
					'created'       => true,
				);
			}
			// Lost a race with another request (or a webhook) for the same e-mail: that lead it is.
			$existing = $this->leads->find_by_email( $email );
			if ( ! $existing ) {
				return new WP_Error( 'solar_capture_db_error', __( 'Your request could not be saved. Please try again.', 'solar-capture' ), array( 'status' => 503 ) );
			}
		}

		$lead_id = (int) $existing['id'];
		$this->record_request( $existing, $values, $consent, $now );
		// The latest touch on every submission; the first only where the lead has none yet.
		$latest = Attribution::columns( $touch, 'last', $now );
		if ( $latest ) {
			$this->leads->update( $lead_id, $latest + array( 'updated_at' => $now ) );
			$this->leads->set_first_touch( $lead_id, Attribution::columns( $touch, 'first', $now ) );
		}
		$token = $this->tokens->issue( $lead_id );

		/**
		 * Fires after a quote request was saved: a new lead, or a request recorded on the existing
		 * lead with this e-mail (its details are never replaced by the form: the owner decides).
		 *
		 * @param int   $lead_id Lead id.
		 * @param bool  $created Whether the lead is new.
		 * @param array $values  The submitted fields (sanitised).
		 */
		do_action( 'solar_capture_lead_captured', $lead_id, false, $values );

		return array(
			'lead_id'       => $lead_id,
			'booking_token' => $token,
			'created'       => false,
		);
	}

	/**
	 * A quote request for a known e-mail: whoever sent it may not be the lead, so nothing the lead
	 * has is replaced. Blank fields are filled; the `quote_request` event keeps what was sent beside
	 * what the lead had, for the owner's "Use these details" (POST /leads/<id>/quote-request).
	 *
	 * @param array  $lead    The lead as stored.
	 * @param array  $values  Submitted fields (sanitised; null or '' for none).
	 * @param string $consent The consent text agreed to.
	 * @param string $now     UTC time.
	 */
	private function record_request( array $lead, array $values, string $consent, string $now ): void {
		$submitted = array();
		$current   = array();
		$filled    = array();
		foreach ( $values as $key => $value ) {
			if ( null === $value || '' === $value ) {
				continue;
			}
			$submitted[ $key ] = $value;
			$had               = $lead[ $key ] ?? null;
			if ( null === $had || '' === (string) $had ) {
				$filled[ $key ] = $value;
			} elseif ( ! self::same_value( $had, $value ) ) {
				$current[ $key ] = $had;
			}
		}
		if ( $filled ) {
			$this->leads->update( (int) $lead['id'], $filled + array( 'updated_at' => $now ) );
		}
		$this->timeline->add(
			(int) $lead['id'],
			'quote_request',
			array(
				'submitted' => $submitted,
				'current'   => $current,
				'filled'    => array_keys( $filled ),
			) + ( '' !== $consent ? array( 'consent' => $consent ) : array() ),
			'form'
		);
	}

	/**
	 * Whether a stored value and a submitted one say the same (145.50 and 145.5 do).
	 *
	 * @param mixed $stored    Stored value.
	 * @param mixed $submitted Submitted value.
	 * @return bool
	 */
	public static function same_value( $stored, $submitted ): bool {
		if ( is_numeric( $stored ) && ( is_float( $submitted ) || is_int( $submitted ) ) ) {
			return abs( (float) $stored - (float) $submitted ) < 0.005;
		}
		return (string) $stored === (string) $submitted;
	}

	/**
	 * The booking page link for a quote request: the first enabled provider with a booking URL,
	 * carrying the request's token where that provider passes it back (providers.json `lead_token`: Cal.com
	 * metadata[sc_lead], Calendly utm_content, others sc_lead) and the name and e-mail to pre-fill.
	 * The booking calendar on the page is built from this same link (Booking_Link).
	 *
	 * @param string $token Booking-link token (Token_Repository::issue()).
	 * @param string $name  Name to pre-fill.
	 * @param string $email E-mail to pre-fill.
	 * @return string Empty when no booking page is set.
	 */
	public static function booking_link( string $token, string $name = '', string $email = '' ): string {
		return Booking_Link::url( $token, $name, $email );
	}

	/**
	 * Plain text, trimmed to $max characters.
	 *
	 * @param mixed $value Value.
	 * @param int   $max   Characters.
	 * @return string
	 */
	private static function text( $value, int $max ): string {
		return mb_substr( sanitize_text_field( is_scalar( $value ) ? (string) $value : '' ), 0, $max );
	}
}
