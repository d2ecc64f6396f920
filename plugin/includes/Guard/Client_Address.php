<?php
/**
 * The address a request comes from, behind trusted reverse proxies or not.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Guard;

defined( 'ABSPATH' ) || exit;

/**
 * REMOTE_ADDR, unless it is a trusted proxy: then X-Forwarded-For is read from the right, each
 * trusted hop skipped, and the first untrusted address is the client's. A header from anyone
 * else is ignored (it is whatever the sender typed). Rate limits count IPv6 clients per /64: one
 * subscriber usually holds a whole /64 and could otherwise take a new address for every request.
 *
 * Trusted proxies: the SOLAR_CAPTURE_TRUSTED_PROXIES constant (addresses and CIDR ranges, IPv4 and
 * IPv6, separated by commas or spaces, or an array) and the `solar_capture_trusted_proxies` filter.
 */
final class Client_Address {

	/**
	 * The client's address for the current request ('' when unknown).
	 *
	 * @param array|null $server $_SERVER (default: the current request's).
	 * @return string
	 */
	public static function current( ?array $server = null ): string {
		$server  = $server ?? $_SERVER;
		$remote  = isset( $server['REMOTE_ADDR'] ) && is_string( $server['REMOTE_ADDR'] ) ? trim( $server['REMOTE_ADDR'] ) : '';
		$forward = isset( $server['HTTP_X_FORWARDED_FOR'] ) && is_string( $server['HTTP_X_FORWARDED_FOR'] ) ? $server['HTTP_X_FORWARDED_FOR'] : '';
		return self::resolve( $remote, $forward, self::trusted_proxies() );
	}

	/**
	 * The client's address from REMOTE_ADDR and X-Forwarded-For, given the trusted proxies.
	 *
	 * @param string   $remote  REMOTE_ADDR.
	 * @param string   $forward X-Forwarded-For (comma-separated, client first).
	 * @param string[] $trusted Addresses and CIDR ranges.
	 * @return string
	 */
	public static function resolve( string $remote, string $forward, array $trusted ): string {
		$address = self::normalize( $remote );
		if ( '' === $address || ! self::in_any( $address, $trusted ) || '' === trim( $forward ) ) {
			return $address;
		}
		$hops = array_reverse( array_map( 'trim', explode( ',', $forward ) ) );
		foreach ( $hops as $hop ) {
			$hop = self::normalize( (string) preg_replace( '/^\[([^\]]+)\](?::\d+)?$|^(\d+\.\d+\.\d+\.\d+):\d+$/', '$1$2', $hop ) );
			if ( '' === $hop ) {
				// Not an address: the hop before it is the last one a trusted proxy vouched for.
				return $address;
			}
			$address = $hop;
			if ( ! self::in_any( $hop, $trusted ) ) {
				return $hop;
			}
		}
		return $address;
	}

	/**
	 * The key a rate limit counts by: an IPv4 address, or the /64 of an IPv6 address.
	 *
	 * @param string $address Address.
	 * @return string
	 */
	public static function rate_key( string $address ): string {
		$address = self::normalize( $address );
		if ( '' === $address || false === strpos( $address, ':' ) ) {
			return $address;
		}
		$packed = inet_pton( $address );
		return false === $packed ? $address : bin2hex( substr( $packed, 0, 8 ) ) . '::/64';
	}

	/**
	 * The trusted proxies: the constant, then the filter.
	 *
	 * @return string[]
	 */
	public static function trusted_proxies(): array {
		$list = defined( 'SOLAR_CAPTURE_TRUSTED_PROXIES' ) ? SOLAR_CAPTURE_TRUSTED_PROXIES : array();
		if ( is_string( $list ) ) {
			$list = preg_split( '/[\s,]+/', $list, -1, PREG_SPLIT_NO_EMPTY );
		}
		/**
		 * Filters the reverse proxies whose X-Forwarded-For header is believed (addresses or CIDR
		 * ranges such as 10.0.0.0/8 or 2001:db8::/32). Empty by default: the header is ignored.
		 *
		 * @param string[] $list From SOLAR_CAPTURE_TRUSTED_PROXIES.
		 */
		$list = apply_filters( 'solar_capture_trusted_proxies', is_array( $list ) ? $list : array() );
		return array_values( array_filter( array_map( 'trim', array_filter( (array) $list, 'is_string' ) ) ) );
	}

	/**
	 * Whether $address is one of $ranges (addresses or CIDR ranges).
	 *
	 * @param string   $address Address (normalised).
	 * @param string[] $ranges  Addresses and ranges.
	 * @return bool
	 */
	public static function in_any( string $address, array $ranges ): bool {
		$packed = inet_pton( $address );
		if ( false === $packed ) {
			return false;
		}
		foreach ( $ranges as $range ) {
			if ( self::in_range( $packed, (string) $range ) ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a packed address lies in one range.
	 *
	 * @param string $packed inet_pton() of the address.
	 * @param string $range  Address or CIDR range.
	 * @return bool
	 */
	private static function in_range( string $packed, string $range ): bool {
		$parts = explode( '/', trim( $range ), 2 );
		$base  = self::normalize( $parts[0] );
		$net   = '' === $base ? false : inet_pton( $base );
		if ( false === $net || strlen( $net ) !== strlen( $packed ) ) {
			return false;
		}
		$bits = strlen( $net ) * 8;
		if ( isset( $parts[1] ) ) {
			if ( ! ctype_digit( $parts[1] ) || (int) $parts[1] > $bits ) {
				return false;
			}
			$bits = (int) $parts[1];
		}
		$bytes = intdiv( $bits, 8 );
		if ( substr( $packed, 0, $bytes ) !== substr( $net, 0, $bytes ) ) {
			return false;
		}
		$rest = $bits % 8;
		if ( 0 === $rest ) {
			return true;
		}
		$mask = ( 0xff << ( 8 - $rest ) ) & 0xff;
		return ( ord( $packed[ $bytes ] ) & $mask ) === ( ord( $net[ $bytes ] ) & $mask );
	}

	/**
	 * A valid address in its canonical form ('' otherwise); an IPv4-mapped IPv6 address becomes IPv4.
	 *
	 * @param string $address Candidate.
	 * @return string
	 */
	public static function normalize( string $address ): string {
		$address = trim( $address );
		if ( '' === $address || ! filter_var( $address, FILTER_VALIDATE_IP ) ) {
			return '';
		}
		$packed = inet_pton( $address );
		if ( false === $packed ) {
			return '';
		}
		if ( 16 === strlen( $packed ) && str_repeat( "\0", 10 ) . "\xff\xff" === substr( $packed, 0, 12 ) ) {
			return (string) inet_ntop( substr( $packed, 12 ) );
		}
		return (string) inet_ntop( $packed );
	}
}
