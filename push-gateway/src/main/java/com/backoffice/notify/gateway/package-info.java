/**
 * push-gateway: streams live notifications to admin browsers over SSE, fans out across
 * replicas through Redis and replays what a reconnecting browser missed.
 */
package com.backoffice.notify.gateway;
