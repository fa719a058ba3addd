package dev.meshplane.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what no HTTP client sends: request lines with malformed
 * percent-encoding, over-long targets, bodies with a wrong Content-Encoding. One request per
 * connection ({@code Connection: close}); the answer is read to the end of the stream.
 */
final class RawHttp {
  /** Status, headers (lower-case names) and body of an answer. */
  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private RawHttp() {}

  /** Sends {@code head} (request line and headers, without the blank line) and {@code body} as given. */
  static Response send(URI endpoint, String head, byte[] body) throws IOException {
    try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
      socket.setSoTimeout(10_000);
      String fullHead = head + "\r\nHost: " + endpoint.getHost() + ":" + endpoint.getPort()
          + "\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n\r\n";
      socket.getOutputStream().write(fullHead.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().write(body);
      socket.getOutputStream().flush();
      return parse(socket.getInputStream().readAllBytes());
    }
  }

  static Response send(URI endpoint, String requestLine) throws IOException {
    return send(endpoint, requestLine, new byte[0]);
  }

  private static Response parse(byte[] answer) throws IOException {
    String text = new String(answer, StandardCharsets.ISO_8859_1);
    int headEnd = text.indexOf("\r\n\r\n");
    if (headEnd < 0) {
      throw new IOException("no complete HTTP answer: " + text);
    }
    String[] lines = text.substring(0, headEnd).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    byte[] rest = new byte[answer.length - headEnd - 4];
    System.arraycopy(answer, headEnd + 4, rest, 0, rest.length);
    String body = new String(rest, StandardCharsets.UTF_8);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(rest);
    }
    return new Response(status, headers, body);
  }

  private static String dechunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < chunked.length) {
      int lineEnd = indexOfCrlf(chunked, at);
      int size = Integer.parseInt(new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      out.write(chunked, lineEnd + 2, size);
      at = lineEnd + 2 + size + 2;
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int indexOfCrlf(byte[] bytes, int from) {
    for (int i = from; i + 1 < bytes.length; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        return i;
      }
    }
    return bytes.length;
  }

}
