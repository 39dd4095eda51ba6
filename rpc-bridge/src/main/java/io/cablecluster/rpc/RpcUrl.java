package io.cablecluster.rpc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Credentials in {@code rpc_host} ({@code http://user:pass@host/_anycable}): never logged, and sent the way
 * AnyCable-Go sends them. AnyCable-Go builds its request from that URL with Go's {@code net/http}, whose
 * client turns the URL's userinfo into {@code Authorization: Basic base64(user:password)} unless the request
 * already carries an Authorization header (its Bearer {@code http_rpc_secret}, which then wins).
 */
final class RpcUrl {
  static final String MASK = "***";

  private RpcUrl() {
  }

  /** Where the authority starts (after {@code scheme://}) and ends, or null when there is none. */
  private static int[] authority(String url) {
    int start = url.indexOf("://");
    if (start < 0) {
      return null;
    }
    start += 3;
    int end = start;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    return new int[] {start, end};
  }

  /** The raw userinfo (between {@code ://} and the last {@code @} of the authority), or null. */
  private static String rawUserInfo(String url) {
    int[] authority = authority(url);
    if (authority == null) {
      return null;
    }
    int at = url.lastIndexOf('@', authority[1] - 1);
    return at < authority[0] ? null : url.substring(authority[0], at);
  }

  /** The URL as it may be logged: userinfo replaced by {@value #MASK}, anything else kept. */
  static String redacted(String url) {
    String userInfo = rawUserInfo(url);
    if (userInfo == null) {
      return url;
    }
    int start = authority(url)[0];
    return url.substring(0, start) + MASK + url.substring(start + userInfo.length());
  }

  /** The URL requests go to: without userinfo (it travels as a header instead). */
  static String withoutUserInfo(String url) {
    String userInfo = rawUserInfo(url);
    if (userInfo == null) {
      return url;
    }
    int start = authority(url)[0];
    return url.substring(0, start) + url.substring(start + userInfo.length() + 1);
  }

  /**
   * {@code Basic base64(user ":" password)} from the URL's userinfo, percent-decoded as Go's
   * {@code url.User.Username()/Password()} are (a missing password is empty), or null without userinfo.
   */
  static String basicAuthorization(String url) {
    String userInfo = rawUserInfo(url);
    if (userInfo == null) {
      return null;
    }
    int colon = userInfo.indexOf(':');
    String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
    String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String part) {
    // Percent-decoding only: a '+' in userinfo is a plus, not a space.
    return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
