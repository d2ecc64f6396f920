<?php
/**
 * /solar-capture/v1/leads: the Leads screen's list, one lead, its edits and the CSV export.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Rest;

use SolarCapture\Leads\Booking_Repository;
use SolarCapture\Leads\Lead_Fields;
use SolarCapture\Leads\Lead_Filters;
use SolarCapture\Leads\Lead_Query;
use SolarCapture\Leads\Lead_Repository;
use SolarCapture\Leads\Timeline;
use SolarCapture\Pipeline;
use WP_Error;
use WP_REST_Controller;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * Routes, parameters and the lead's JSON; the SQL is in Lead_Query (the list and the export),
 * Lead_Repository (one lead), Booking_Repository and Timeline. Notes: Lead_Notes_Controller;
 * bulk actions: Leads_Bulk_Controller.
 */
class Leads_Controller extends WP_REST_Controller {

	use Permissions;

	/**
	 * The list and the export.
	 *
	 * @var Lead_Query
	 */
	protected $query;

	/**
	 * Leads.
	 *
	 * @var Lead_Repository
	 */
	protected $leads;

	/**
	 * Timelines.
	 *
	 * @var Timeline
	 */
	protected $timeline;

	/**
	 * Bookings.
	 *
	 * @var Booking_Repository
	 */
	protected $bookings;

	/**
	 * Constructor.
	 *
	 * @param Lead_Query         $query    The list and the export.
	 * @param Lead_Repository    $leads    Leads.
	 * @param Timeline           $timeline Timelines.
	 * @param Booking_Repository $bookings Bookings.
	 */
	public function __construct( Lead_Query $query, Lead_Repository $leads, Timeline $timeline, Booking_Repository $bookings ) {
		$this->namespace = 'solar-capture/v1';
		$this->rest_base = 'leads';
		$this->query     = $query;
		$this->leads     = $leads;
		$this->timeline  = $timeline;
		$this->bookings  = $bookings;
	}

	/**
	 * Register the routes.
	 */
	public function register_routes(): void {
		$check = array( $this, 'check_manage_permission' );
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_items' ),
					'permission_callback' => $check,
					'args'                => $this->get_collection_params(),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);

		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/(?P<id>[\d]+)',
			array(
				'args'        => array(
					'id' => array(
						'description' => __( 'Unique identifier of the lead.', 'solar-capture' ),
						'type'        => 'integer',
					),
				),
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_item' ),
					'permission_callback' => $check,
					'args'                => array(
						'context' => $this->get_context_param( array( 'default' => 'view' ) ),
					),
				),
				array(
					'methods'             => WP_REST_Server::EDITABLE,
					'callback'            => array( $this, 'update_item' ),
					'permission_callback' => $check,
					'args'                => $this->get_endpoint_args_for_item_schema( WP_REST_Server::EDITABLE ),
				),
				array(
					'methods'             => WP_REST_Server::DELETABLE,
					'callback'            => array( $this, 'delete_item' ),
					'permission_callback' => $check,
				),
				'allow_batch' => array( 'v1' => true ),
				'schema'      => array( $this, 'get_public_item_schema' ),
			)
		);

		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/export',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'export' ),
					'permission_callback' => $check,
					'args'                => $this->get_export_params(),
				),
				// The CSV has one row per lead, its columns the exported fields of lead-fields.json.
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
		add_filter( 'rest_pre_serve_request', array( Leads_Export::class, 'serve' ), 10, 2 );
	}

	/**
	 * GET /leads (see Lead_Query for how each page is read).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_items( $request ) {
		$per_page = max( 1, min( 100, (int) $request['per_page'] ) );
		$found    = $this->query->page( Lead_Filters::from( $request ), (string) $request['orderby'], (string) $request['order'], $per_page, (int) $request['page'] );
		if ( null === $found ) {
			return self::db_error();
		}

		$items = array();
		$hints = null;
		foreach ( $found['rows'] as $row ) {
			$items[] = $this->collection_item( $this->prepare_item_for_response( $row, $request ), $hints );
		}

		$response = rest_ensure_response( $items );
		$response->header( 'X-WP-Total', (string) $found['total'] );
		$response->header( 'X-WP-TotalPages', (string) (int) ceil( $found['total'] / $per_page ) );
		return $response;
	}

	/**
	 * prepare_response_for_collection() without working out the `self` link's targetHints once
	 * per lead: WordPress finds them by matching the link to its route and running the route's
	 * permission checks for every method, about 0.1 ms a lead. They are the same for every lead
	 * (the checks do not depend on the id), so the first lead's are reused; the JSON is the same.
	 *
	 * @param WP_REST_Response $response One lead (prepare_item_for_response()).
	 * @param array|false|null $hints    The `self` link's targetHints once known (false: none).
	 * @return array
	 */
	private function collection_item( WP_REST_Response $response, &$hints ): array {
		$links = $response->get_links();
		if ( null === $hints || array( 'self' ) !== array_keys( $links ) || 1 !== count( $links['self'] ) || ! empty( $links['self'][0]['attributes'] ) ) {
			$item = (array) $this->prepare_response_for_collection( $response );
			if ( null === $hints && isset( $item['_links'] ) && array( 'self' ) === array_keys( $item['_links'] ) ) {
				$hints = $item['_links']['self'][0]['targetHints'] ?? false;
			}
			return $item;
		}
		$link = array( 'href' => $links['self'][0]['href'] );
		if ( $hints ) {
			$link['targetHints'] = $hints;
		}
		$item           = (array) $response->get_data();
		$item['_links'] = array( 'self' => array( $link ) );
		return $item;
	}

	/**
	 * GET /leads/<id>, with bookings and the timeline (newest first).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_item( $request ) {
		$row = $this->lead_or_404( (int) $request['id'] );
		return is_wp_error( $row ) ? $row : $this->prepare_item_for_response( $row, $request, true );
	}

	/**
	 * POST|PUT|PATCH /leads/<id>: change the stage or details by hand; each change goes on the timeline.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function update_item( $request ) {
		$row = $this->lead_or_404( (int) $request['id'] );
		if ( is_wp_error( $row ) ) {
			return $row;
		}
		$id      = (int) $row['id'];
		$params  = array_filter( $request->get_params(), array( $request, 'has_param' ), ARRAY_FILTER_USE_KEY );
		$changes = Lead_Fields::changes( $row, $params );

		if ( isset( $changes['stage'] ) && ! Pipeline::is_stage( $changes['stage'] ) ) {
			return new WP_Error( 'rest_invalid_param', __( 'Unknown stage.', 'solar-capture' ), array( 'status' => 400 ) );
		}
		if ( isset( $changes['email'] ) ) {
			$changes['email'] = sanitize_email( $changes['email'] );
			if ( ! is_email( $changes['email'] ) ) {
				return new WP_Error( 'rest_invalid_param', __( 'Enter a valid e-mail address.', 'solar-capture' ), array( 'status' => 400 ) );
			}
			$taken = $this->leads->email_owner( $changes['email'], $id );
			if ( $taken ) {
				return new WP_Error(
					'solar_capture_duplicate_email',
					__( 'Another lead already has this e-mail address.', 'solar-capture' ),
					array(
						'status'  => 409,
						'lead_id' => $taken,
					)
				);
			}
		}
		if ( ! $changes ) {
			return $this->prepare_item_for_response( $row, $request, true );
		}

		$edited                = array_keys( array_diff_key( $changes, array( 'stage' => true ) ) );
		$now                   = gmdate( 'Y-m-d H:i:s' );
		$changes['updated_at'] = $now;
		if ( isset( $changes['stage'] ) ) {
			$changes['stage_changed_at'] = $now;
		}
		if ( ! $this->leads->update( $id, $changes ) ) {
			return self::db_error();
		}

		$actor = 'user:' . get_current_user_id();
		if ( isset( $changes['stage'] ) ) {
			$this->timeline->add(
				$id,
				'stage_changed',
				array(
					'from' => (string) $row['stage'],
					'to'   => $changes['stage'],
				),
				$actor
			);
		}
		if ( $edited ) {
			$this->timeline->add( $id, 'lead_updated', array( 'fields' => $edited ), $actor );
		}
		if ( isset( $changes['email'] ) ) {
			$changes['email_normalized'] = Lead_Repository::normalize_email( $changes['email'] );
		}

		/**
		 * Fires after a lead was edited by hand.
		 *
		 * @param int   $lead_id Lead id.
		 * @param array $changes Changed columns and their new values.
		 * @param array $before  The row before the change.
		 */
		do_action( 'solar_capture_lead_updated', $id, $changes, $row );

		$row = $this->lead_or_404( $id );
		return is_wp_error( $row ) ? $row : $this->prepare_item_for_response( $row, $request, true );
	}

	/**
	 * DELETE /leads/<id>: the lead, its bookings and its timeline. Deliveries stay in the log,
	 * unlinked from the lead.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function delete_item( $request ) {
		$row = $this->lead_or_404( (int) $request['id'] );
		if ( is_wp_error( $row ) ) {
			return $row;
		}
		$previous = $this->prepare_item_for_response( $row, $request );
		$this->leads->delete( array( (int) $row['id'] ) );

		/**
		 * Fires after a lead was deleted.
		 *
		 * @param int   $lead_id Lead id.
		 * @param array $row     The deleted row.
		 */
		do_action( 'solar_capture_lead_deleted', (int) $row['id'], $row );

		return new WP_REST_Response(
			array(
				'deleted'  => true,
				'previous' => $previous->get_data(),
			),
			200
		);
	}

	/**
	 * GET /leads/export: every lead matching the collection's filters as CSV, streamed in chunks
	 * by Leads_Export::serve() (hooked to `rest_pre_serve_request`).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function export( WP_REST_Request $request ): WP_REST_Response {
		$filters          = Lead_Filters::from( $request );
		$order            = 'asc' === strtolower( (string) $request['order'] ) ? 'ASC' : 'DESC';
		$filters['where'] = array_merge( array( '1=1' ), $filters['where'] );

		$response = new WP_REST_Response( new Leads_Export( $this->query, $filters, $order ), 200 );
		$response->header( 'Content-Type', 'text/csv; charset=utf-8' );
		$response->header( 'Content-Disposition', 'attachment; filename="' . sprintf( 'solar-leads-%s.csv', wp_date( 'Y-m-d-His' ) ) . '"' );
		$response->header( 'Cache-Control', 'no-store, private' );
		$response->header( 'X-Content-Type-Options', 'nosniff' );
		return $response;
	}

	/**
	 * The lead row, or a 404 error.
	 *
	 * @param int $id Lead id.
	 * @return array|WP_Error
	 */
	protected function lead_or_404( int $id ) {
		$row = $this->leads->find( $id );
		return $row ?? new WP_Error( 'rest_solar_lead_invalid_id', __( 'No lead has this id.', 'solar-capture' ), array( 'status' => 404 ) );
	}

	/**
	 * A database failure as a REST error (never a PHP error page).
	 *
	 * @return WP_Error
	 */
	public static function db_error(): WP_Error {
		return new WP_Error( 'solar_capture_db_error', __( 'The database did not answer. Please try again.', 'solar-capture' ), array( 'status' => 503 ) );
	}

	/**
	 * One lead as JSON; with bookings, events and the message when $full.
	 *
	 * @param array           $item    Lead row.
	 * @param WP_REST_Request $request Request.
	 * @param bool            $full    Whether to add bookings, events and the message.
	 * @return WP_REST_Response
	 */
	public function prepare_item_for_response( $item, $request, $full = false ) {
		$data = Lead_Schema::present( $item, $full );
		if ( $full ) {
			$data['bookings'] = array_map( array( $this->bookings, 'present' ), $this->bookings->latest( (int) $item['id'] ) );
			$data['events']   = array_map( array( $this->timeline, 'present' ), $this->timeline->latest( (int) $item['id'] ) );
		}

		$context = ! empty( $request['context'] ) ? $request['context'] : 'view';
		$data    = $this->add_additional_fields_to_object( $data, $request );
		$data    = $this->filter_response_by_context( $data, $context );

		$response = rest_ensure_response( $data );
		$response->add_link( 'self', rest_url( sprintf( '%s/%s/%d', $this->namespace, $this->rest_base, (int) $item['id'] ) ) );
		return $response;
	}

	/**
	 * Query parameters of the list.
	 *
	 * @return array
	 */
	public function get_collection_params() {
		return Lead_Schema::collection_params( parent::get_collection_params() );
	}

	/**
	 * Query parameters of the export: the collection's filters and sort direction, no paging.
	 *
	 * @return array
	 */
	public function get_export_params(): array {
		$params = $this->get_collection_params();
		unset( $params['page'], $params['per_page'], $params['context'], $params['offset'] );
		$params['orderby'] = array(
			'description' => __( 'Accepted for symmetry with the list; rows are always in creation order (by id).', 'solar-capture' ),
			'type'        => 'string',
			'enum'        => Lead_Query::ORDERBY,
		);
		$params['order']['description'] = __( 'desc: newest lead first (default); asc: oldest first.', 'solar-capture' );
		return $params;
	}

	/**
	 * Schema of a lead.
	 *
	 * @return array
	 */
	public function get_item_schema() {
		if ( ! $this->schema ) {
			$this->schema = Lead_Schema::item();
		}
		return $this->add_additional_fields_schema( $this->schema );
	}
}
