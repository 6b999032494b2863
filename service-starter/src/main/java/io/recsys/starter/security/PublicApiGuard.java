package io.recsys.starter.security;

import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The check every call on the public paths passes before its handler runs. The starter's own is
 * {@link ApiKeyInterceptor} (one API key and one admin key from the environment); a service that needs
 * more (the gateway: many hashed keys, each with its own rate limit) declares a bean of this type and
 * the starter registers that one on the public paths instead. It runs before the JSON body check, so a
 * caller without the right key learns nothing about what the body should be. Implementations signal
 * refusals by throwing {@link ApiKeyException} (401/403, as problem+json) or their own exceptions
 * handled by the service.
 */
public interface PublicApiGuard extends HandlerInterceptor {}
